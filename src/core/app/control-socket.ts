import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as z from 'zod';
import { MAX_DEEP_LINK_LENGTH, parseDeepLink, type DeepLink } from '../../shared/deep-link/deep-link';
import type { Logger } from '../log/logger';

/**
 * The control socket: how `lab-console open URL` (and a second desktop launch) hands a link to the
 * Lab Console already running on this data folder. A Unix socket in the data folder (owner-only,
 * mode 0600, in a 0700 folder) or, on Windows, a named pipe named after the folder — never a TCP
 * port, which any local user or web page could reach.
 */
export function controlSocketPath(home: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return `\\\\.\\pipe\\lab-console-${createHash('sha256').update(home.toLowerCase()).digest('hex').slice(0, 24)}`;
  return join(home, 'control.sock');
}

/** One request per connection: a JSON line, at most this long (a link and a little framing). */
const MAX_REQUEST_BYTES = MAX_DEEP_LINK_LENGTH + 256;

const ControlRequest = z.object({ open: z.string().max(MAX_DEEP_LINK_LENGTH * 2) }).strict();
export const ControlReply = z.union([
  z.object({ ok: z.literal(true), message: z.string() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type ControlReply = z.infer<typeof ControlReply>;

export interface ControlSocket {
  readonly path: string;
  close(): Promise<void>;
}

/** Something already answers on the socket (another app on the same data folder). */
export class ControlSocketInUseError extends Error {
  constructor(readonly path: string) {
    super(`Another Lab Console already listens on ${path}.`);
    this.name = 'ControlSocketInUseError';
  }
}

/**
 * Listens on the control socket. Every link is checked again here (whoever wrote to the socket is
 * not trusted to have checked it); `open` gets only a valid DeepLink and says what it did.
 */
export async function startControlSocket(options: {
  home: string;
  open: (link: DeepLink) => Promise<string> | string;
  logger: Logger;
  platform?: NodeJS.Platform;
}): Promise<ControlSocket> {
  const path = controlSocketPath(options.home, options.platform);
  if (process.platform !== 'win32' && existsSync(path)) {
    if (await answers(path)) throw new ControlSocketInUseError(path);
    // Left by a process that was killed: nobody listens any more.
    unlinkSync(path);
  }
  const server = createServer((socket) => serve(socket, options.open, options.logger));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  return { path, close: () => closeServer(server, path) };
}

function serve(socket: Socket, open: (link: DeepLink) => Promise<string> | string, logger: Logger): void {
  let buffer = '';
  let done = false;
  const reply = (answer: ControlReply): void => {
    if (done) return;
    done = true;
    socket.end(`${JSON.stringify(answer)}\n`);
  };
  socket.setEncoding('utf8');
  socket.setTimeout(5_000, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: string) => {
    if (done) return;
    buffer += chunk;
    if (buffer.length > MAX_REQUEST_BYTES) return reply({ ok: false, error: `The request is longer than ${MAX_REQUEST_BYTES} bytes.` });
    const end = buffer.indexOf('\n');
    if (end < 0) return;
    let request: z.infer<typeof ControlRequest>;
    try {
      request = ControlRequest.parse(JSON.parse(buffer.slice(0, end)));
    } catch {
      return reply({ ok: false, error: 'The request is not {"open": "labconsole://…"}.' });
    }
    const parsed = parseDeepLink(request.open);
    if (!parsed.ok) return reply({ ok: false, error: parsed.error });
    void Promise.resolve()
      .then(() => open(parsed.link))
      .then(
        (message) => reply({ ok: true, message }),
        (error: unknown) => {
          logger.warn('control socket: could not open a link', { error: String(error) });
          reply({ ok: false, error: error instanceof Error ? error.message : String(error) });
        },
      );
  });
}

function closeServer(server: Server, path: string): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if (process.platform !== 'win32') {
      try {
        unlinkSync(path);
      } catch {
        // Already gone.
      }
    }
  });
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Nobody listens on the data folder's control socket. */
export class NoRunningAppError extends Error {
  constructor(readonly path: string) {
    super(
      `No Lab Console is running on this data folder (nothing answers on ${path}). Start it (npm start, or lab-console serve) and try again.`,
    );
    this.name = 'NoRunningAppError';
  }
}

/** Hands `url` to the app listening on the data folder's control socket and gives back its answer. */
export function sendToControlSocket(home: string, url: string, timeoutMs = 10_000): Promise<ControlReply> {
  const path = controlSocketPath(home);
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`Lab Console did not answer on ${path} within ${timeoutMs / 1000} s.`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write(`${JSON.stringify({ open: url })}\n`));
    socket.on('data', (chunk: string) => (text += chunk));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' || error.code === 'ECONNREFUSED' ? new NoRunningAppError(path) : error);
    });
    socket.once('end', () => {
      clearTimeout(timer);
      try {
        resolve(ControlReply.parse(JSON.parse(text)));
      } catch {
        reject(new Error(`Lab Console answered something unexpected on ${path}.`));
      }
    });
  });
}
