/**
 * Loaded with `node --import` into a program under measurement (built to
 * dist/bench/http-timing-preload.mjs): appends one JSON line per HTTP exchange to the file
 * named by LAB_BENCH_HTTP_TIMING — the time from the request's headers leaving until the
 * response's headers arrived (what python-requests calls `elapsed`, so both sides are timed
 * alike) and until its body ended — and a last line when the process exits. Nothing in the
 * program changes: it listens to the diagnostics channels undici and node:http publish.
 */
import { subscribe } from 'node:diagnostics_channel';
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const file = process.env.LAB_BENCH_HTTP_TIMING;

export interface TimingLine {
  readonly kind: 'http' | 'exit';
  /** performance.now() of the process when the request was sent (http) or at exit. */
  readonly at: number;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  /** Request sent → response headers. */
  readonly headersMs?: number;
  /** Request sent → response body ended. */
  readonly doneMs?: number;
}

function write(line: TimingLine): void {
  if (file) appendFileSync(file, `${JSON.stringify(line)}\n`);
}

interface Exchange {
  method: string;
  path: string;
  sent: number;
  status?: number;
  headersMs?: number;
}

const exchanges = new WeakMap<object, Exchange>();

// undici (the app's HTTP client).
interface UndiciRequest {
  method: string;
  path: string;
}
subscribe('undici:client:sendHeaders', (message) => {
  const { request } = message as { request: UndiciRequest };
  exchanges.set(request, { method: request.method, path: request.path, sent: performance.now() });
});
subscribe('undici:request:headers', (message) => {
  const { request, response } = message as { request: UndiciRequest; response: { statusCode: number } };
  const exchange = exchanges.get(request);
  if (!exchange) return;
  exchange.status = response.statusCode;
  exchange.headersMs = performance.now() - exchange.sent;
});
subscribe('undici:request:trailers', (message) => {
  const { request } = message as { request: UndiciRequest };
  const exchange = exchanges.get(request);
  if (!exchange) return;
  const now = performance.now();
  write({
    kind: 'http',
    at: exchange.sent,
    method: exchange.method,
    path: exchange.path,
    status: exchange.status,
    headersMs: exchange.headersMs,
    doneMs: now - exchange.sent,
  });
});

// node:http (should the client be built on it).
subscribe('http.client.request.start', (message) => {
  const { request } = message as { request: { method: string; path: string } };
  exchanges.set(request, { method: request.method, path: request.path, sent: performance.now() });
});
subscribe('http.client.response.finish', (message) => {
  const { request, response } = message as { request: object; response: { statusCode: number; on(e: 'end', f: () => void): void } };
  const exchange = exchanges.get(request);
  if (!exchange) return;
  const headersMs = performance.now() - exchange.sent;
  response.on('end', () => {
    const now = performance.now();
    write({
      kind: 'http',
      at: exchange.sent,
      method: exchange.method,
      path: exchange.path,
      status: response.statusCode,
      headersMs,
      doneMs: now - exchange.sent,
    });
  });
});

process.on('exit', () => write({ kind: 'exit', at: performance.now() }));
