import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../../../../test/support/fault-proxy';
import type { Clock } from '../../time/clock';
import { NetworkError } from '../errors';
import { createDispatcher } from './dispatcher';
import { HttpTransport } from './http-transport';

/** A tiny real HTTP server standing in for a cloud API; counts what reaches it. */
let upstream: Server;
let upstreamUrl: string;
const hits: string[] = [];
let proxy: FaultProxy;

/** Records requested sleeps and skips them, so Retry-After handling is seen without waiting. */
function recordingClock(): Clock & { slept: number[] } {
  const slept: number[] = [];
  return { slept, now: () => Date.now(), sleep: async (ms) => void slept.push(ms) };
}

function transport(clock: Clock = recordingClock(), headersMs = 5_000): HttpTransport {
  return new HttpTransport({
    dispatcher: createDispatcher({ tls: { verify: true }, connectTimeoutMs: 2_000, proxy: {} }),
    timeouts: { headersMs, bodyMs: 5_000 },
    retry: { maxAttempts: 4, backoff: { baseMs: 50, capMs: 200, factor: 2 }, maxRetryAfterMs: 10_000 },
    clock,
  });
}

beforeAll(async () => {
  upstream = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  proxy = await FaultProxy.start(upstreamUrl);
});

afterEach(() => {
  proxy.clear();
  hits.length = 0;
});

afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => upstream.close(resolve));
});

describe('HttpTransport retries', () => {
  it('resends a GET after a connection reset', async () => {
    proxy.add({ method: 'GET', fault: { kind: 'reset' }, times: 2 });
    const http = transport();
    const res = await http.send({ method: 'GET', url: `${proxy.origin}/things` });
    expect(res.status).toBe(200);
    expect(http.stats).toEqual({ requests: 3, retries: 2 });
    expect(hits).toEqual(['GET /things']);
  });

  it('waits out Retry-After on 503 and 429 before resending a GET', async () => {
    proxy.add({ method: 'GET', fault: { kind: 'status', status: 503, retryAfter: '2' } });
    proxy.add({ method: 'GET', fault: { kind: 'status', status: 429, retryAfter: '1' } });
    const clock = recordingClock();
    const res = await transport(clock).send({ method: 'GET', url: `${proxy.origin}/busy` });
    expect(res.status).toBe(200);
    expect(clock.slept).toHaveLength(2);
    expect(clock.slept[0]).toBeGreaterThanOrEqual(2000);
    expect(clock.slept[0]).toBeLessThan(2300);
    expect(clock.slept[1]).toBeGreaterThanOrEqual(1000);
  });

  it('backs off with jitter when a 503 gives no Retry-After', async () => {
    proxy.add({ method: 'GET', fault: { kind: 'status', status: 503 }, times: 3 });
    const clock = recordingClock();
    await transport(clock).send({ method: 'GET', url: `${proxy.origin}/busy` });
    expect(clock.slept).toHaveLength(3);
    expect(clock.slept[0]).toBeGreaterThanOrEqual(25);
    expect(clock.slept[0]).toBeLessThanOrEqual(50);
    expect(clock.slept[2]).toBeGreaterThanOrEqual(100);
    expect(clock.slept[2]).toBeLessThanOrEqual(200);
  });

  it('gives up after the last attempt and returns the busy answer', async () => {
    proxy.add({ method: 'GET', fault: { kind: 'status', status: 503 }, times: 10 });
    const res = await transport().send({ method: 'GET', url: `${proxy.origin}/busy` });
    expect(res.status).toBe(503);
    expect(proxy.seen('GET', /busy/)).toHaveLength(4);
  });

  it('returns at once when Retry-After is longer than it is willing to wait', async () => {
    proxy.add({ method: 'GET', fault: { kind: 'status', status: 503, retryAfter: '3600' } });
    const res = await transport().send({ method: 'GET', url: `${proxy.origin}/later` });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('3600');
  });
});

describe('HttpTransport never resends what is not safe', () => {
  it('sends a POST once even when the connection is reset, saying it may have arrived', async () => {
    proxy.add({ method: 'POST', fault: { kind: 'forward-then-reset' } });
    const error = await transport()
      .send({ method: 'POST', url: `${proxy.origin}/stacks`, json: { a: 1 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).failure).toBe('reset');
    expect((error as NetworkError).maybeReceived).toBe(true);
    expect((error as NetworkError).message).toContain(`127.0.0.1:${proxy.port}`);
    expect(hits).toEqual(['POST /stacks']);
  });

  it('hands a 503 to a POST back to the caller instead of resending', async () => {
    proxy.add({ method: 'POST', fault: { kind: 'status', status: 503 } });
    const res = await transport().send({ method: 'POST', url: `${proxy.origin}/stacks`, json: {} });
    expect(res.status).toBe(503);
    expect(proxy.seen('POST', /stacks/)).toHaveLength(1);
  });

  it('resends a POST the caller marked idempotent', async () => {
    proxy.add({ method: 'POST', fault: { kind: 'reset' } });
    const res = await transport().send({ method: 'POST', url: `${proxy.origin}/actions`, json: {}, idempotent: true });
    expect(res.status).toBe(201);
  });
});

describe('HttpTransport timeouts and failures', () => {
  it('times out waiting for an answer and names the host', async () => {
    proxy.add({ method: 'GET', fault: { kind: 'hang' }, times: 10 });
    const http = new HttpTransport({
      dispatcher: createDispatcher({ tls: { verify: true }, connectTimeoutMs: 1_000, proxy: {} }),
      timeouts: { headersMs: 150, bodyMs: 150 },
      retry: { maxAttempts: 2, backoff: { baseMs: 10, capMs: 10, factor: 1 } },
    });
    const started = Date.now();
    const error = await http.send({ method: 'GET', url: `${proxy.origin}/slow` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).failure).toBe('response-timeout');
    // Far below the default 60 s: the 150 ms timeout ended it (with room for a busy machine).
    expect(Date.now() - started).toBeLessThan(10_000);
    await http.close();
  });

  it('reports a refused connection as never received', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await transport()
      .send({ method: 'POST', url: `http://127.0.0.1:${port}/x` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).failure).toBe('refused');
    expect((error as NetworkError).maybeReceived).toBe(false);
    expect((error as Error).message).toMatch(/auth_url|firewall/);
  });

  it('stops at once when the caller aborts', async () => {
    proxy.add({ method: 'GET', fault: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = transport().send({ method: 'GET', url: `${proxy.origin}/slow`, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    await expect(pending).rejects.toThrow('user cancelled');
  });
});
