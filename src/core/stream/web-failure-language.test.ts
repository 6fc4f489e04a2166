/**
 * A web page session's failure reaches the reader by key: the session status carries the catalogue
 * key and parameters beside the unchanged English. Through the live sessions and the web protocol.
 */
import { describe, expect, it } from 'vitest';
import type { SessionStatusEvent } from '../../shared/contract';
import { createTranslator } from '../../shared/i18n';
import { translateMessage } from '../../shared/i18n/message';
import { sentenceOf } from '../api/user-error';
import { silentLogger } from '../log/logger';
import { LiveSessions } from './live-sessions';
import { ServiceCertificateChanged } from '../connect/web/service-tls';
import { webProtocol } from '../connect/web/web-protocol';

const german = createTranslator('de');

describe('a web page session that fails', () => {
  it('sends why with its key: a page reached through another connection', async () => {
    const statuses: SessionStatusEvent[] = [];
    const sessions = new LiveSessions({
      protocols: {
        web: webProtocol({
          pins: {} as never,
          service: async () => ({ name: 'Dashboard', connection: 'gateway', host: '10.0.0.5', port: 443, path: '/', tls: 'none' }),
          connect: async () => {
            throw new Error('must not connect');
          },
        }),
      },
      labs: {
        resolve: async () => ({ stackId: 's', protocol: 'ssh', host: '127.0.0.1', port: 22, user: 'lab', privateKey: 'k' }),
        state: async () => 'up',
      },
      emitStatus: (event) => statuses.push(event),
      logger: silentLogger,
      schedule: { baseMs: 1, capMs: 1, factor: 1, maxAttempts: 3 },
    });
    sessions.open({ kind: 'web', courseId: 'intro-linux', connection: 'terminal', service: 'Dashboard' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const failed = statuses.at(-1)!;
    expect(failed).toMatchObject({
      status: 'failed',
      message: 'The web page "Dashboard" is reached through the connection "gateway", not "terminal".',
      messageKey: 'web.otherConnection',
    });
    expect(translateMessage(german, failed.messageKey!, failed.messageParams)).toBe(
      'Die Webseite „Dashboard“ wird über die Verbindung „gateway“ erreicht, nicht über „terminal“.',
    );
    sessions.closeAll();
  });

  it('says a changed HTTPS certificate in German, fingerprints as they are, the English unchanged', () => {
    const changed = new ServiceCertificateChanged('Dashboard', 'AA:BB', 'CC:DD');
    expect(changed.message).toBe(
      'The web console "Dashboard" presents a different HTTPS certificate than the first time (expected SHA-256 AA:BB, got CC:DD). Nothing was sent to it. If the service was set up again this is expected — reset the lab; otherwise someone may be intercepting it.',
    );
    const sentence = sentenceOf(changed);
    expect(translateMessage(german, sentence.messageKey!, sentence.messageParams)).toMatch(
      /^Die Web-Konsole „Dashboard“ zeigt ein anderes HTTPS-Zertifikat .*\(erwartet SHA-256 AA:BB, erhalten CC:DD\)/,
    );
  });
});
