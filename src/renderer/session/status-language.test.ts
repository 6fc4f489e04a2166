import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalStatusEvent } from '../../shared/ssh';
import { localized } from '../../shared/i18n/message';
import { translator } from '../i18n/translator';
import { statusInReadersLanguage } from './status-language';

const retrying: TerminalStatusEvent = {
  kind: 'terminal',
  sessionId: 's1',
  status: 'reconnecting',
  failure: 'disconnected',
  ...localized({
    key: 'session.retrying',
    params: { reason: { key: 'ssh.refused', params: { host: '10.0.0.5', port: 22 } }, seconds: 4, attempt: 2 },
  }),
};

describe('a session status in the reader’s language', () => {
  afterEach(async () => {
    await translator.changeLanguage('en');
  });

  it('shows the app’s sentence in German for a German reader, the host verbatim', async () => {
    await translator.changeLanguage('de');
    expect(statusInReadersLanguage(retrying).message).toBe(
      'Das Lab unter 10.0.0.5:22 hat die SSH-Verbindung abgelehnt. Die Maschine startet vielleicht noch oder ihr SSH-Server läuft nicht: Warte eine Minute und verbinde dich erneut; wenn es so bleibt, sag deiner Lehrkraft Bescheid. Neuer Versuch in 4 s (Versuch 2).',
    );
  });

  it('keeps the English sentence for an English reader, and a status without a key as it is', () => {
    expect(statusInReadersLanguage(retrying).message).toBe(retrying.message);
    expect(retrying.message).toMatch(/^The lab at 10\.0\.0\.5:22 refused the SSH connection\. .* Trying again in 4 s \(attempt 2\)\.$/);
    const plain: TerminalStatusEvent = { kind: 'terminal', sessionId: 's1', status: 'closed', message: 'The shell exited.' };
    expect(statusInReadersLanguage(plain)).toBe(plain);
  });
});
