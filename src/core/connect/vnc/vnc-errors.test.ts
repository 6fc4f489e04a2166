/**
 * A VNC session's failure is composed from the `messages` catalogue: the status it reaches the reader
 * with (sentenceOf) carries the key and parameters beside the unchanged English, so the VNC view shows
 * it in the reader's language. Through the real handshake, against loopback.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTranslator } from '../../../shared/i18n';
import { translateMessage } from '../../../shared/i18n/message';
import { sentenceOf } from '../../api/user-error';
import { rfbServerHandshake } from './rfb-server-handshake';

const german = createTranslator('de');
const inGerman = (error: unknown): string | undefined => {
  const sentence = sentenceOf(error);
  return sentence.messageKey ? translateMessage(german, sentence.messageKey, sentence.messageParams) : undefined;
};
const pin = { onFirstUse: async () => undefined };

let server: Server | undefined;
afterEach(() => server?.close());

async function listening(onConnection: Parameters<typeof createServer>[1]): Promise<number> {
  server = createServer(onConnection);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function failure(port: number, password?: string): Promise<unknown> {
  return rfbServerHandshake({ host: '127.0.0.1', port, pin, timeoutMs: 5_000, ...(password ? { password } : {}) }).then(
    () => expect.unreachable('the handshake succeeded'),
    (error: unknown) => error,
  );
}

describe('a VNC failure', () => {
  it('says a port with nothing listening in German, the English unchanged', async () => {
    const port = await listening(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const error = await failure(port);
    expect(sentenceOf(error)).toMatchObject({
      message: `Nothing accepts VNC connections on 127.0.0.1:${port} (connection refused): the lab's desktop is not running yet, or the port is wrong.`,
      messageKey: 'vnc.refused',
    });
    expect(inGerman(error)).toBe(
      `Auf 127.0.0.1:${port} nimmt nichts VNC-Verbindungen an (Verbindung abgelehnt): Der Desktop des Labs läuft noch nicht, oder der Port ist falsch.`,
    );
  });

  it('says a refused password in German, the server’s reason as it wrote it', async () => {
    // RFB 3.8 with VNC Authentication, refusing whatever answer comes (RFC 6143 §7.1–7.2).
    const port = await listening((socket) => {
      let stage = 0;
      socket.write('RFB 003.008\n');
      socket.on('data', () => {
        stage++;
        if (stage === 1) socket.write(Buffer.from([1, 2]));
        if (stage === 2) socket.write(Buffer.alloc(16, 7));
        if (stage === 3) {
          const reason = Buffer.from('Authentication failed');
          const head = Buffer.alloc(8);
          head.writeUInt32BE(1, 0);
          head.writeUInt32BE(reason.length, 4);
          socket.end(Buffer.concat([head, reason]));
        }
      });
    });
    const error = await failure(port, 'secret');
    expect((error as Error).message).toBe(
      `The VNC server on 127.0.0.1:${port} refused the password (Authentication failed). The lab's VNC password may have changed: reset the lab, or tell your instructor.`,
    );
    expect(inGerman(error)).toBe(
      `Der VNC-Server auf 127.0.0.1:${port} hat das Passwort abgelehnt (Authentication failed). Das VNC-Passwort des Labs hat sich vielleicht geändert: Setze das Lab zurück oder sag deiner Lehrkraft Bescheid.`,
    );
  });
});
