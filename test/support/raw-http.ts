import { connect } from 'node:net';

export interface RawAnswer {
  /** The status code of the first response line, or undefined when the server closed without one. */
  readonly status: number | undefined;
  /** Everything the server sent within the wait. */
  readonly text: string;
}

/**
 * Sends bytes as they are (no client-side checks, unlike fetch or http.request) and reads the
 * first answer: for requests a well-behaved client would never send.
 */
export function sendRaw(port: number, request: string | Buffer, options: { afterHead?: Buffer; waitMs?: number } = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : undefined, text });
    };
    const timer = setTimeout(finish, options.waitMs ?? 3000);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (options.afterHead && text.includes('\r\n\r\n') && text.startsWith('HTTP/1.1 101')) {
        socket.write(options.afterHead);
        options.afterHead = undefined;
      }
    });
    socket.on('error', finish);
    socket.on('close', finish);
  });
}

/** A WebSocket handshake request line and headers for `target`, with `extra` header lines. */
export function upgradeRequest(target: string, port: number, extra: string[] = []): string {
  return [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    `Origin: http://127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...extra,
    '',
    '',
  ].join('\r\n');
}

/** A client frame (masked with a zero key, as RFC 6455 §5.3 requires every client frame to be masked). */
export function maskedFrame(firstByte: number, payload: Buffer): Buffer {
  if (payload.length > 125) throw new Error('short frames only');
  return Buffer.concat([Buffer.from([firstByte, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}
