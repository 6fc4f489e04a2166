import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback HTTP proxy in front of a real server (Keystone or Heat) that injects faults into
 * chosen requests: delay, connection reset, a 503/429 with Retry-After, or — the nasty one —
 * forward the request, let the upstream act on it, and reset the client before it sees the answer.
 */
export type Fault =
  /** Wait, then forward normally. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Reset the client connection (TCP RST) without forwarding anything. */
  | { readonly kind: 'reset' }
  /** Answer this status without forwarding. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string; readonly body?: string }
  /** Forward, wait for the upstream's complete answer, then reset the client instead of relaying it. */
  | { readonly kind: 'forward-then-reset' }
  /** Never answer (until the client gives up). */
  | { readonly kind: 'hang' }
  /** Hold the request until `until` settles, then forward normally (a test acts in between). */
  | { readonly kind: 'hold'; readonly until: Promise<unknown> };

export interface FaultRule {
  readonly method?: string;
  /** Matched against the path and query. */
  readonly path?: RegExp;
  readonly fault: Fault;
  /** How many matching requests get the fault (default 1). */
  readonly times?: number;
}

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  /** The fault applied, if any. */
  readonly fault?: Fault['kind'];
  /** Upstream's status when the request was forwarded. */
  readonly upstreamStatus?: number;
  /** Upstream's answer (its body as text) when the request was forwarded. */
  readonly answer?: string;
}

interface ActiveRule extends FaultRule {
  remaining: number;
}

export class FaultProxy {
  readonly log: ProxiedRequest[] = [];
  /** The most requests the proxy handled at once (from arrival until answered, reset or left hanging) since it started or was cleared. */
  peakInFlight = 0;
  private inFlight = 0;
  private readonly rules: ActiveRule[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly upstream: URL;

  private constructor(
    private readonly server: Server,
    upstream: string,
  ) {
    this.upstream = new URL(upstream);
  }

  /** Starts a proxy on 127.0.0.1 (random port) in front of `upstream` (e.g. "http://127.0.0.1:8004"). */
  static async start(upstream: string): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, upstream);
    server.on('request', (req, res) => {
      proxy.peakInFlight = Math.max(proxy.peakInFlight, ++proxy.inFlight);
      void proxy.handle(req, res).finally(() => proxy.inFlight--);
    });
    server.on('connection', (socket) => {
      proxy.sockets.add(socket);
      socket.on('close', () => proxy.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The proxy's origin, e.g. http://127.0.0.1:41234. */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Rewrites a URL of the upstream to go through the proxy. */
  via(url: string): string {
    const u = new URL(url);
    u.host = `127.0.0.1:${this.port}`;
    return u.href;
  }

  add(rule: FaultRule): this {
    this.rules.push({ ...rule, remaining: rule.times ?? 1 });
    return this;
  }

  clear(): void {
    this.rules.length = 0;
    this.log.length = 0;
    this.peakInFlight = this.inFlight;
  }

  /** Requests seen matching method and path. */
  seen(method: string, path: RegExp): ProxiedRequest[] {
    return this.log.filter((r) => r.method === method && path.test(r.path));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private take(method: string, path: string): Fault | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (!r.method || r.method === method) && (!r.path || r.path.test(path)));
    if (!rule) return undefined;
    rule.remaining--;
    return rule.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const body = await readAll(req);
    const fault = this.take(method, path);
    const entry: { method: string; path: string; fault?: Fault['kind']; upstreamStatus?: number; answer?: string } = {
      method,
      path,
      fault: fault?.kind,
    };
    this.log.push(entry);
    switch (fault?.kind) {
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'hang':
        return;
      case 'status':
        res.writeHead(fault.status, {
          'content-type': 'application/json',
          ...(fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}),
        });
        res.end(
          fault.body ??
            JSON.stringify({
              code: fault.status,
              title: fault.status === 429 ? 'Too Many Requests' : 'Service Unavailable',
              explanation: 'injected by the fault proxy',
            }),
        );
        return;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        break;
      case 'hold':
        await fault.until.catch(() => undefined);
        break;
      default:
        break;
    }
    let answer: UpstreamAnswer;
    try {
      answer = await this.forward(method, path, req.headers, body);
    } catch {
      req.socket.resetAndDestroy();
      return;
    }
    entry.upstreamStatus = answer.status;
    entry.answer = answer.body.toString('utf8');
    if (fault?.kind === 'forward-then-reset') {
      req.socket.resetAndDestroy();
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  private forward(method: string, path: string, headers: IncomingMessage['headers'], body: Buffer): Promise<UpstreamAnswer> {
    return new Promise((resolve, reject) => {
      const upstreamReq = httpRequest(
        {
          host: this.upstream.hostname,
          port: this.upstream.port,
          method,
          path,
          headers: { ...headers, 'content-length': String(body.length), connection: 'close' },
        },
        (upstreamRes) => {
          readAll(upstreamRes)
            .then((answerBody) => {
              const out: Record<string, string | string[]> = {};
              for (const [name, value] of Object.entries(upstreamRes.headers)) {
                if (value !== undefined && name !== 'transfer-encoding' && name !== 'connection' && name !== 'content-length')
                  out[name] = value;
              }
              resolve({ status: upstreamRes.statusCode ?? 502, headers: out, body: answerBody });
            })
            .catch(reject);
        },
      );
      upstreamReq.on('error', reject);
      upstreamReq.end(body);
    });
  }
}

interface UpstreamAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
