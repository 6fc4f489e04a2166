import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { AppContext } from '../core/app/app-context';
import { CONTENT_SECURITY_POLICY } from '../core/app/content-security-policy';
import { resolveInside, sendFile } from '../core/app/static-files';
import { allowedHosts, allowedOrigins, isForeignSubresource, tokensEqual } from './security';
import { parseRequestTarget } from './request-target';
import { describeError } from './process-guard';
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

/**
 * The build names each file under assets/ by its content (`name-HASH.js`): a browser may keep it for
 * good, and a warm one then starts the page from its cache and V8's code cache. The page itself
 * (index.html, which pins those names) and everything else is fetched afresh every time.
 */
const CONTENT_NAMED = /^\/assets\/[^/]+-[\w-]{8}\.(?:js|css|woff2?|ttf|svg|png)$/;

function cacheControlOf(path: string): string {
  return CONTENT_NAMED.test(path) ? 'public, max-age=31536000, immutable' : 'no-store';
}

function deny(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  response.end(`${text}\n`);
}

const NO_TOKEN = 'Lab Console: open the full URL printed by `lab-console serve` (it carries the access token).';

/**
 * Browser mode: the same UI and the same API as the desktop app, on 127.0.0.1 only. The printed URL
 * carries a random token (like Jupyter); the page keeps it in its tab's sessionStorage and sends it
 * with each WebSocket handshake. No cookie: cookies ignore ports, so every other web server on
 * 127.0.0.1 the browser visits would receive it. The UI's files are public code and hold no data;
 * every call and every live stream goes through a WebSocket that needs the token.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const logger = options.context.logger.child('server');
  let port = 0;

  const carriesToken = (query: URLSearchParams): boolean => tokensEqual(token, query.get('token'));

  const answer = (request: IncomingMessage, response: ServerResponse): void => {
    if (!allowedHosts(port).has(request.headers.host ?? '')) {
      deny(response, 421, 'Lab Console answers only to 127.0.0.1 and localhost.');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      deny(response, 405, 'Method not allowed.');
      return;
    }
    const target = parseRequestTarget(request.url);
    if (!target) {
      deny(response, 400, 'Bad request target.');
      return;
    }
    if (isForeignSubresource(request.headers)) {
      deny(response, 403, 'Lab Console gives its files to its own pages only.');
      return;
    }
    // A reload comes without the token (the page took it out of the address bar); a wrong one is an old URL.
    if (target.query.has('token') && !carriesToken(target.query)) {
      deny(response, 403, NO_TOKEN);
      return;
    }
    const path = target.pathname === '/' ? '/index.html' : target.pathname;
    const file = resolveInside(options.rendererDir, path) ?? (path.includes('.') ? undefined : join(options.rendererDir, 'index.html'));
    if (!file) {
      deny(response, 404, 'Not found.');
      return;
    }
    sendFile(response, file, { ...SECURITY_HEADERS, 'Cache-Control': cacheControlOf(path) });
  };

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const reject = (status: number, reason: string): void => {
      logger.warn('websocket refused', { status, reason, origin: request.headers.origin });
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!allowedHosts(port).has(request.headers.host ?? '')) return reject(421, 'Misdirected Request');
    // Browsers always send Origin on WebSocket handshakes: a foreign page cannot pass this check.
    if (!allowedOrigins(port).has(request.headers.origin ?? '')) return reject(403, 'Forbidden Origin');
    const target = parseRequestTarget(request.url);
    if (!target) return reject(400, 'Bad Request');
    if (target.pathname !== '/api' && target.pathname !== STREAM_PATH) return reject(404, 'Not Found');
    if (!carriesToken(target.query)) return reject(401, 'Unauthorized');
    if (target.pathname === STREAM_PATH) {
      const sessionId = sessionIdOf(target.query);
      if (!sessionId) return reject(400, 'Bad Request');
      sockets.handleUpgrade(request, socket, head, (ws) => attachStreamSocket(ws, options.context.sessions, sessionId, logger));
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attachSocket(ws, options.context, logger));
  };

  // A bug in a handler must cost one request, not the process (and with it the labs' suspend on quit).
  const server: Server = createServer((request, response) => {
    try {
      answer(request, response);
    } catch (error) {
      logger.error('request failed', { url: request.url, error: describeError(error) });
      if (response.headersSent) response.destroy();
      else deny(response, 500, 'Lab Console could not answer this request; the reason is in its log.');
    }
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 80 * 1024 * 1024 });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node leaves an upgrading socket without an error listener: a reset there would be uncaught.
    socket.on('error', (error) => logger.warn('websocket handshake socket error', { error: error.message }));
    try {
      upgrade(request, socket, head);
    } catch (error) {
      logger.error('websocket handshake failed', { url: request.url, error: describeError(error) });
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  server.on('error', (error) => logger.error('browser mode server error', { error: error.message }));
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
