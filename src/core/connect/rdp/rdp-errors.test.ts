/**
 * An RDP session's failure is composed from the `messages` catalogue: the status it reaches the
 * reader with (sentenceOf) carries the key and parameters beside the unchanged English, so the
 * remote-desktop view shows it in the reader's language.
 */
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../shared/i18n';
import { translateMessage } from '../../../shared/i18n/message';
import { sentenceOf } from '../../api/user-error';
import { classifyRdpjsError } from './rdp-error-mapping';
import { CertificateChanged, LoginFailed } from './rdp-errors';

const german = createTranslator('de');
const inGerman = (error: unknown): string | undefined => {
  const sentence = sentenceOf(error);
  return sentence.messageKey ? translateMessage(german, sentence.messageKey, sentence.messageParams) : undefined;
};

describe('an RDP failure', () => {
  it('keeps its English and says it in German: a refused connection, as the client reports it', () => {
    const refused = classifyRdpjsError(Object.assign(new Error(''), { code: 'ECONNREFUSED' }), 'tcp', '127.0.0.1', 3389);
    expect(sentenceOf(refused)).toMatchObject({
      message:
        "Nothing accepts RDP connections on 127.0.0.1:3389 (connection refused): the lab's desktop service is not running yet, or the port is wrong.",
      messageKey: 'rdp.refused',
    });
    expect(inGerman(refused)).toBe(
      'Auf 127.0.0.1:3389 nimmt nichts RDP-Verbindungen an (Verbindung abgelehnt): Der Desktop-Dienst des Labs läuft noch nicht, oder der Port ist falsch.',
    );
  });

  it('keeps the client’s own words of an unreachable host raw inside the German sentence', () => {
    const unreachable = classifyRdpjsError(Object.assign(new Error(''), { code: 'EHOSTUNREACH' }), 'tcp', 'h', 1);
    expect(inGerman(unreachable)).toMatch(/^Der RDP-Server auf h:1 ist nicht erreichbar: .*host is unreachable/);
  });

  it('says a failed login and a changed certificate in German, fingerprints as they are', () => {
    const login = new LoginFailed('h', 1, 'learner', 'timeout', 20_000);
    expect(login.message).toBe(
      'No desktop from h:1 within 20 s of sending the login for "learner". The password may be wrong (xrdp reports a failed login only on screen, never in the protocol), or the session is slow to start.',
    );
    expect(inGerman(login)).toMatch(/^Kein Desktop von h:1 innerhalb von 20 s nach dem Senden der Anmeldung für „learner“/);
    const changed = new CertificateChanged('h', 1, 'AA:BB', 'CC:DD');
    expect(changed.message).toMatch(
      /^The RDP server on h:1 presents a different certificate than the first time \(expected SHA-256 AA:BB, got CC:DD\)/,
    );
    expect(inGerman(changed)).toContain('(erwartet SHA-256 AA:BB, erhalten CC:DD)');
  });
});
