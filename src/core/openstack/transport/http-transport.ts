import { request, type Dispatcher } from 'undici';
import { systemClock, type Clock } from '../../time/clock';
import { silentLogger, type Logger } from '../../log/logger';
import { NetworkError, TlsError } from '../errors';
import { backoffDelay, defaultRetryBackoff, parseRetryAfter, type BackoffPolicy } from './backoff';
import { classifyTransportError } from './network-errors';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialised as the JSON body. */
  readonly json?: unknown;
  /**
   * Whether sending it twice is harmless. Defaults to true for GET/HEAD/PUT/DELETE (RFC 9110 §9.2.2)
   * and false otherwise; a caller may mark a POST that is safe (e.g. a Heat suspend action).
   */
  readonly idempotent?: boolean;
  readonly signal?: AbortSignal;
  /** The service type it talks to ("identity", "orchestration"), for the cloud's health record. */
  readonly service?: string;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly url: string;
}

export interface TimeoutSettings {
  /** Until the TCP (+TLS) connection is up. Applied by the dispatcher. */
  readonly connectMs: number;
  /** Until the response headers arrive. */
  readonly headersMs: number;
  /** Longest silence while the body arrives. */
  readonly bodyMs: number;
}

export const defaultTimeouts: TimeoutSettings = { connectMs: 10_000, headersMs: 60_000, bodyMs: 60_000 };

export interface RetrySettings {
  /** Total attempts including the first. */
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  /** A Retry-After longer than this is not waited out: the answer is returned instead. */
  readonly maxRetryAfterMs: number;
}

export const defaultRetry: RetrySettings = { maxAttempts: 4, backoff: defaultRetryBackoff, maxRetryAfterMs: 30_000 };

/** Told of every attempt this transport makes (the cloud's health record listens). */
export interface RequestObserver {
  begin(req: Pick<HttpRequest, 'method' | 'url' | 'service'>): {
    answered(res: HttpResponse): void;
    failed(error: unknown): void;
  };
}

export interface HttpTransportOptions {
  readonly dispatcher: Dispatcher;
  readonly observer?: RequestObserver;
  readonly timeouts?: Partial<TimeoutSettings>;
  readonly retry?: Partial<RetrySettings>;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly random?: () => number;
  readonly userAgent?: string;
}

/** Statuses that mean "not now, try again" (RFC 6585 §4, RFC 9110 §15.6.4). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export function isIdempotent(req: HttpRequest): boolean {
  return req.idempotent ?? ['GET', 'HEAD', 'PUT', 'DELETE'].includes(req.method);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * HTTP over undici with the client's transport rules: timeouts on connect, headers and body;
 * idempotent requests retried on connection failures, 429 and 503 (honouring Retry-After)
 * with capped jittered backoff; everything else sent exactly once.
 */
export class HttpTransport {
  readonly dispatcher: Dispatcher;
  private readonly timeouts: TimeoutSettings;
  private readonly retry: RetrySettings;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly userAgent: string;
  private readonly observer: RequestObserver | undefined;
  /** Counters for diagnostics and tests. */
  readonly stats = { requests: 0, retries: 0 };

  constructor(options: HttpTransportOptions) {
    this.dispatcher = options.dispatcher;
    this.timeouts = { ...defaultTimeouts, ...options.timeouts };
    this.retry = { ...defaultRetry, ...options.retry };
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
    this.userAgent = options.userAgent ?? 'lab-console';
    this.observer = options.observer;
  }

  /** Sends once; retries only what is safe to send again. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const retryable = isIdempotent(req);
    for (let attempt = 0; ; attempt++) {
      const last = !retryable || attempt + 1 >= this.retry.maxAttempts;
      let response: HttpResponse;
      try {
        response = await this.sendOnce(req);
      } catch (error) {
        if (last || !this.isRetryableFailure(error)) throw error;
        const delay = backoffDelay(this.retry.backoff, attempt, this.random);
        this.logger.debug('retrying after a network failure', { url: req.url, attempt, delay, error: String(error) });
        this.stats.retries++;
        await this.clock.sleep(delay, req.signal);
        continue;
      }
      if (last || !RETRYABLE_STATUSES.has(response.status)) return response;
      const delay = this.delayFor(response, attempt);
      if (delay === undefined) return response;
      this.logger.debug('retrying after a busy answer', { url: req.url, status: response.status, attempt, delay });
      this.stats.retries++;
      await this.clock.sleep(delay, req.signal);
    }
  }

  /** One attempt, no retry. Throws NetworkError / TlsError on transport failures. */
  async sendOnce(req: HttpRequest): Promise<HttpResponse> {
    this.stats.requests++;
    const headers: Record<string, string> = { 'user-agent': this.userAgent, accept: 'application/json', ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    }
    const observed = this.observer?.begin(req);
    try {
      const res = await request(req.url, {
        method: req.method,
        headers,
        body,
        dispatcher: this.dispatcher,
        headersTimeout: this.timeouts.headersMs,
        bodyTimeout: this.timeouts.bodyMs,
        signal: req.signal,
      });
      const text = await res.body.text();
      const response = { status: res.statusCode, headers: flattenHeaders(res.headers), text, url: req.url };
      observed?.answered(response);
      return response;
    } catch (error) {
      if (req.signal?.aborted) {
        observed?.failed(req.signal.reason ?? error);
        throw req.signal.reason ?? error;
      }
      const classified = classifyTransportError(error, hostOf(req.url)) ?? error;
      observed?.failed(classified);
      throw classified;
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private isRetryableFailure(error: unknown): boolean {
    // Certificates and DNS do not fix themselves within a retry.
    return error instanceof NetworkError && error.failure !== 'dns' && !(error instanceof TlsError);
  }

  private delayFor(response: HttpResponse, attempt: number): number | undefined {
    const retryAfter = parseRetryAfter(response.headers['retry-after'], this.clock.now());
    if (retryAfter === undefined) return backoffDelay(this.retry.backoff, attempt, this.random);
    if (retryAfter > this.retry.maxRetryAfterMs) return undefined;
    // A little jitter on top so a crowd told "retry in 2 s" does not return in lockstep.
    return retryAfter + Math.round(this.random() * Math.min(250, this.retry.backoff.baseMs));
  }
}
