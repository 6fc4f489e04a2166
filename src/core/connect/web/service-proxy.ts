import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream';
import type { Logger } from '../../log/logger';
import { processSecrets } from '../../log/secret-values';
import { rewriteRequestHeaders, rewriteResponseHeaders, rawRequestHead, type UpstreamOrigin } from './proxy-headers';
import { proxyPage } from './proxy-pages';
import { ServiceCertificateChanged } from './service-tls';

/** The path a one-time entry secret opens: `/.lab-console/enter/SECRET`. No service page lives there. */
export const ENTRY_PATH = '/.lab-console/enter/';
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const DEFAULT_ENTRY_TTL_MS = 60_000;

export interface ServiceProxyOptions {
  /** The service's name, for the pages the proxy answers itself. */
  readonly name: string;
  /** Where the lab machine reaches the service: the Host header it is sent, and how errors name it. */
  readonly upstream: UpstreamOrigin;
  /** The page an entry leads to. */
  readonly path: string;
  /** A fresh byte stream to the service: the forward over SSH, with TLS done and its certificate checked. */
  connect(): Promise<Duplex>;
  /** The learner clicked a link or sent a form in the page (not a page polling on its own). */
  onActivity?(): void;
  readonly logger: Logger;
  /** How long an entry address stays usable (default 60 s): it is meant for the view that asked for it. */
  readonly entryTtlMs?: number;
  readonly now?: () => number;
}

const newSecret = (): string => randomBytes(32).toString('base64url');

function equalSecrets(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The value of one cookie in a Cookie header (RFC 6265 §4.2.1: `name=value; name2=value2`). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * One web console's own origin: an HTTP server on 127.0.0.1 (a random port, nothing else) that
 * passes requests to one service of the lab over a fresh forward each. The lab's pages are
 * untrusted, and the app's are not theirs: the console has its own port, so the browser keeps its
 * pages apart from the app's (another origin, no access to the app's storage or token), and its
 * own secret. `entryUrl()` gives a one-time address; opening it sets a cookie only this proxy
 * honours (named after its port, HttpOnly, SameSite=Strict) and leads to the service. Cookies
 * ignore ports, so the app's API is sent this cookie too — and ignores it: its own token travels
 * only in its WebSocket handshakes. Requests without the cookie, to another Host, or (for
 * WebSockets) from another origin are refused; nothing reaches the lab before these checks.
 */
export class ServiceProxy {
  private readonly cookieSecret = newSecret();
  private readonly entries = new Map<string, number>();
  private readonly upstreams = new Set<Duplex>();
  private closed = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly options: ServiceProxyOptions,
  ) {
    processSecrets.add(this.cookieSecret);
  }

  static async start(options: ServiceProxyOptions): Promise<ServiceProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Loopback only: the console is the learner's, on this machine.
      server.listen(0, '127.0.0.1', () => resolve());
    });
    // Nobody knows the port before this returns: the handlers are in place before any request.
    const proxy = new ServiceProxy(server, (server.address() as AddressInfo).port, options);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      try {
        proxy.answer(request, response);
      } catch (error) {
        // A bug here must cost one request, not the app.
        options.logger.error('web console request failed', { error: (error as Error).message });
        if (!response.headersSent) proxyPage(response, 500, 'Lab Console could not answer this request; the reason is in its log.');
        else response.destroy();
      }
    });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', (error) => options.logger.warn('web console socket error', { error: error.message }));
      proxy.upgrade(request, socket, head).catch((error: unknown) => {
        options.logger.warn('web console websocket failed', { error: (error as Error).message });
        socket.destroy();
      });
    });
    server.on('clientError', (_error, socket: Socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
    server.on('error', (error) => options.logger.error('web console server error', { error: error.message }));
    return proxy;
  }

  /** Its own origin, e.g. `http://127.0.0.1:41234`. */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private get cookieName(): string {
    return `lc_web_${this.port}`;
  }

  /** A fresh address that opens the console once, within a minute. */
  entryUrl(): string {
    const secret = newSecret();
    const now = this.now();
    for (const [old, expires] of this.entries) if (expires <= now) this.entries.delete(old);
    this.entries.set(secret, now + (this.options.entryTtlMs ?? DEFAULT_ENTRY_TTL_MS));
    return `${this.origin}${ENTRY_PATH}${secret}`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.entries.clear();
    for (const upstream of this.upstreams) upstream.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** DNS rebinding: a remote page whose name resolves to 127.0.0.1 sends its own Host. */
  private hostAllowed(host: string | undefined): boolean {
    return host === `127.0.0.1:${this.port}` || host === `localhost:${this.port}`;
  }

  private carriesCookie(request: IncomingMessage): boolean {
    return equalSecrets(this.cookieSecret, cookieValue(request.headers.cookie, this.cookieName));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    if (!this.hostAllowed(request.headers.host)) return proxyPage(response, 421, 'This web console answers only to 127.0.0.1.');
    const url = request.url ?? '';
    if (!url.startsWith('/')) return proxyPage(response, 400, 'Bad request target.');
    if (url.startsWith(ENTRY_PATH)) return this.enter(request, response, url.slice(ENTRY_PATH.length));
    if (!this.carriesCookie(request)) {
      return proxyPage(response, 403, `Open "${this.options.name}" from its tab in Lab Console: this address works only there.`);
    }
    const method = request.method ?? 'GET';
    if (request.headers['sec-fetch-user'] === '?1' || !['GET', 'HEAD', 'OPTIONS'].includes(method)) this.options.onActivity?.();
    this.forward(request, response, method, url);
  }

  private enter(request: IncomingMessage, response: ServerResponse, secret: string): void {
    if (request.method !== 'GET' && request.method !== 'HEAD') return proxyPage(response, 405, 'Method not allowed.');
    const expires = SECRET_PATTERN.test(secret) ? this.entries.get(secret) : undefined;
    // One time: whether it works or not, it is spent.
    this.entries.delete(secret);
    if (expires === undefined || expires <= this.now()) {
      return proxyPage(
        response,
        403,
        `This address of "${this.options.name}" was used already or is too old: open the tab again in Lab Console.`,
      );
    }
    response.writeHead(303, {
      Location: this.options.path,
      'Set-Cookie': `${this.cookieName}=${this.cookieSecret}; Path=/; HttpOnly; SameSite=Strict`,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Length': '0',
    });
    response.end();
  }

  private forward(request: IncomingMessage, response: ServerResponse, method: string, path: string): void {
    const { upstream } = this.options;
    const upstreamRequest = httpRequest({
      method,
      path,
      headers: rewriteRequestHeaders(request.headers, { cookieName: this.cookieName, proxyOrigins: this.origins(), upstream }),
      createConnection: (_options, done) => {
        this.open().then(
          (stream) => done(null, stream as Socket),
          (error: unknown) => done(error as Error, undefined as unknown as Socket),
        );
        return undefined as unknown as Socket;
      },
    });
    upstreamRequest.on('response', (answer) => {
      response.writeHead(
        answer.statusCode ?? 502,
        answer.statusMessage,
        rewriteResponseHeaders(answer.headers, upstream) as OutgoingHttpHeaders,
      );
      pipeline(answer, response, () => undefined);
    });
    upstreamRequest.on('error', (error) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      proxyPage(
        response,
        502,
        error instanceof ServiceCertificateChanged
          ? error.message
          : `"${this.options.name}" does not answer on ${upstream.host}:${upstream.port} of the lab (${error.message}). If it is not started yet, start it, then press Reload.`,
      );
    });
    pipeline(request, upstreamRequest, () => undefined);
  }

  /** A WebSocket (or any upgrade) to the service, for a page of this console only. */
  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!this.hostAllowed(request.headers.host)) return refuse('421 Misdirected Request');
    // Browsers send Origin with every WebSocket handshake: a page elsewhere cannot use the cookie here.
    if (!this.origins().includes(request.headers.origin ?? '')) return refuse('403 Forbidden');
    if (!this.carriesCookie(request) || !(request.url ?? '').startsWith('/')) return refuse('403 Forbidden');
    let upstream: Duplex;
    try {
      upstream = await this.open();
    } catch {
      return refuse('502 Bad Gateway');
    }
    const headers = rewriteRequestHeaders(request.headers, {
      cookieName: this.cookieName,
      proxyOrigins: this.origins(),
      upstream: this.options.upstream,
      keepUpgrade: true,
    });
    upstream.write(rawRequestHead(request.method ?? 'GET', request.url ?? '/', headers));
    if (head.length > 0) upstream.write(head);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.pipe(socket);
    socket.pipe(upstream);
  }

  private origins(): string[] {
    return [`http://127.0.0.1:${this.port}`, `http://localhost:${this.port}`];
  }

  private async open(): Promise<Duplex> {
    if (this.closed) throw new Error('the web console was closed');
    const stream = await this.options.connect();
    if (this.closed) {
      stream.destroy();
      throw new Error('the web console was closed');
    }
    this.upstreams.add(stream);
    stream.once('close', () => this.upstreams.delete(stream));
    return stream;
  }
}
