import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { AppContext } from '../core/app/app-context';
import { CONTENT_SECURITY_POLICY } from '../core/app/content-security-policy';
import { resolveInside, sendFile } from '../core/app/static-files';
import {
  TOKEN_COOKIE,
  allowedHosts,
  allowedOrigins,
  cookieToken,
  tokensEqual,
} from './security';
import { attachSocket } from './ws-bridge';
import { STREAM_PATH } from '../shared/stream';
import { attachStreamSocket, sessionIdOf } from './stream-socket';

export interface BrowserServerOptions {
  readonly context: AppContext;
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly token?: string;
}

export interface BrowserServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function deny(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  response.end(`${text}\n`);
}

/**
 * Browser mode: the same UI and the same API as the desktop app, on 127.0.0.1 only, guarded
 * (like Jupyter) by a random token in the URL that is then kept in a same-site cookie.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const logger = options.context.logger.child('server');
  let port = 0;

  const isAuthorised = (request: IncomingMessage, url: URL): boolean =>
    tokensEqual(token, url.searchParams.get('token')) || tokensEqual(token, cookieToken(request));

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    if (!allowedHosts(port).has(request.headers.host ?? '')) {
      deny(response, 421, 'Lab Console answers only to 127.0.0.1 and localhost.');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      deny(response, 405, 'Method not allowed.');
      return;
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    if (!isAuthorised(request, url)) {
      deny(response, 403, 'Lab Console: open the full URL printed by `lab-console serve` (it carries the access token).');
      return;
    }
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = resolveInside(options.rendererDir, path) ?? (path.includes('.') ? undefined : join(options.rendererDir, 'index.html'));
    if (!file) {
      deny(response, 404, 'Not found.');
      return;
    }
    const cookie: Record<string, string> = {};
    if (url.searchParams.get('token') !== null) {
      cookie['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    sendFile(response, file, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store', ...cookie });
  };

  const server: Server = createServer(handle);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 80 * 1024 * 1024 });

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'invalid'}`);
    const reject = (status: number, reason: string): void => {
      logger.warn('websocket refused', { reason, origin: request.headers.origin });
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!allowedHosts(port).has(request.headers.host ?? '')) return reject(421, 'Misdirected Request');
    // Browsers always send Origin on WebSocket handshakes: a foreign page cannot pass this check.
    if (!allowedOrigins(port).has(request.headers.origin ?? '')) return reject(403, 'Forbidden Origin');
    if (url.pathname !== '/api' && url.pathname !== STREAM_PATH) return reject(404, 'Not Found');
    if (!isAuthorised(request, url)) return reject(401, 'Unauthorized');
    if (url.pathname === STREAM_PATH) {
      const sessionId = sessionIdOf(url);
      if (!sessionId) return reject(400, 'Bad Request');
      sockets.handleUpgrade(request, socket, head, (ws) => attachStreamSocket(ws, options.context.sessions, sessionId, logger));
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attachSocket(ws, options.context, logger));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  logger.info('browser mode listening', { port });

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
