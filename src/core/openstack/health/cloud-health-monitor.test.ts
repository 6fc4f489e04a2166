import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../../../../test/support/fault-proxy';
import type { CloudHealth } from '../../../shared/openstack/cloud-health';
import { createDispatcher } from '../transport/dispatcher';
import { HttpTransport, type HttpRequest } from '../transport/http-transport';
import { CloudHealthMonitor } from './cloud-health-monitor';

/** A real HTTP server standing in for Keystone and Heat, behind the project's fault proxy. */
let upstream: Server;
let proxy: FaultProxy;

function transport(monitor: CloudHealthMonitor): HttpTransport {
  return new HttpTransport({
    dispatcher: createDispatcher({ tls: { verify: true }, connectTimeoutMs: 2_000, proxy: {} }),
    timeouts: { headersMs: 5_000, bodyMs: 5_000 },
    // One attempt: the monitor must see each answer, not the transport's retries hiding them.
    retry: { maxAttempts: 1 },
    observer: monitor,
  });
}

function watch(monitor: CloudHealthMonitor): CloudHealth[] {
  const seen: CloudHealth[] = [];
  monitor.onChange((h) => seen.push(h));
  return seen;
}

const heat = (path = '/v1/stacks'): HttpRequest => ({ method: 'GET', url: `${proxy.origin}${path}`, service: 'orchestration' });
const keystone = (): HttpRequest => ({ method: 'POST', url: `${proxy.origin}/v3/auth/tokens`, service: 'identity', json: {} });

beforeAll(async () => {
  upstream = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  proxy = await FaultProxy.start(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
});

afterEach(() => proxy.clear());

afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => upstream.close(resolve));
});

describe('the health record of a cloud, from the requests the app sends', () => {
  it('calls a cloud that does not answer unreachable from the first failure on, and well again at its next answer', async () => {
    const monitor = new CloudHealthMonitor({ cloud: 'school' });
    const changes = watch(monitor);
    const http = transport(monitor);
    proxy.add({ fault: { kind: 'reset' }, times: 2 });
    const before = Date.now();
    await expect(http.send(heat())).rejects.toThrow(/reset/);
    const first = monitor.snapshot().problem;
    await expect(http.send(heat())).rejects.toThrow(/reset/);
    expect(monitor.snapshot().problem).toMatchObject({ kind: 'unreachable', service: 'orchestration', since: first!.since });
    expect(first!.since).toBeGreaterThanOrEqual(before);
    expect(first!.detail).toMatch(/connection was reset/);
    await http.send(heat());
    expect(monitor.snapshot()).toMatchObject({ cloud: 'school', problem: null });
    expect(monitor.snapshot().lastAnswerAt).toBeGreaterThanOrEqual(before);
    // Told once when it began and once when it ended, not at every request.
    expect(changes.map((h) => h.problem?.kind ?? 'well')).toEqual(['unreachable', 'well']);
  });

  it('tells a failing Heat (503 with Retry-After) apart, with when it asked to be asked again', async () => {
    const monitor = new CloudHealthMonitor({ cloud: 'school' });
    const http = transport(monitor);
    proxy.add({ fault: { kind: 'status', status: 503, retryAfter: '30' } });
    const before = Date.now();
    const res = await http.send(heat());
    expect(res.status).toBe(503);
    const problem = monitor.snapshot().problem!;
    expect(problem).toMatchObject({ kind: 'heat-failing', service: 'orchestration' });
    expect(problem.detail).toMatch(/^Heat answered HTTP 503/);
    expect(problem.retryAt).toBeGreaterThanOrEqual(before + 30_000);
  });

  it('keeps a refused sign-in until a sign-in works, whatever Heat answers meanwhile', async () => {
    const monitor = new CloudHealthMonitor({ cloud: 'school' });
    const http = transport(monitor);
    proxy.add({
      method: 'POST',
      fault: { kind: 'status', status: 401, body: '{"error":{"message":"The request you have made requires authentication."}}' },
    });
    await http.send(keystone());
    expect(monitor.snapshot().problem).toMatchObject({ kind: 'credentials', service: 'identity' });
    await http.send(heat());
    expect(monitor.snapshot().problem?.kind).toBe('credentials');
    await http.send(keystone());
    expect(monitor.snapshot().problem).toBeNull();
  });

  it('takes a 401 from Heat for an expired token (the session signs in again), and a 403 for refused rights', async () => {
    const monitor = new CloudHealthMonitor({ cloud: 'school' });
    const http = transport(monitor);
    proxy.add({ method: 'GET', fault: { kind: 'status', status: 401 }, times: 2 });
    await http.send(heat());
    await http.send(heat());
    expect(monitor.snapshot().problem).toBeNull();
    proxy.add({ method: 'GET', fault: { kind: 'status', status: 403 } });
    await http.send(heat());
    expect(monitor.snapshot().problem).toMatchObject({ kind: 'credentials', service: 'orchestration' });
  });

  it('calls the labs reachable again once Heat answers, even while Keystone does not (the token still works)', async () => {
    const monitor = new CloudHealthMonitor({ cloud: 'school' });
    const http = transport(monitor);
    proxy.add({ method: 'POST', fault: { kind: 'reset' } });
    await expect(http.send(keystone())).rejects.toThrow();
    expect(monitor.snapshot().problem).toMatchObject({ kind: 'unreachable', service: 'identity' });
    await http.send(heat());
    expect(monitor.snapshot().problem).toBeNull();
  });

  it('calls the cloud slow while a request waits past its patience, and until an answer comes quickly', async () => {
    const monitor = new CloudHealthMonitor({ cloud: 'school', slowAfterMs: 150 });
    const changes = watch(monitor);
    const http = transport(monitor);
    proxy.add({ fault: { kind: 'delay', ms: 600 } });
    const sent = Date.now();
    const pending = http.send(heat('/v1/stacks/slow'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(monitor.snapshot().problem).toMatchObject({ kind: 'slow', service: 'orchestration' });
    expect(monitor.snapshot().problem!.since).toBeGreaterThanOrEqual(sent - 5);
    expect(monitor.snapshot().problem!.detail).toMatch(/Heat has not answered GET \/v1\/stacks\/slow/);
    await pending;
    expect(monitor.snapshot().problem?.detail).toMatch(/Heat answered after/);
    await http.send(heat());
    expect(monitor.snapshot().problem).toBeNull();
    expect(changes.map((h) => h.problem?.kind ?? 'well')).toEqual(['slow', 'well']);
  });

  it('puts a refused sign-in before an unreachable Heat, and an unreachable one before a slow one', async () => {
    const monitor = new CloudHealthMonitor({ cloud: 'school', slowAfterMs: 100 });
    const http = transport(monitor);
    proxy.add({ method: 'GET', fault: { kind: 'delay', ms: 250 } });
    await http.send(heat());
    expect(monitor.snapshot().problem?.kind).toBe('slow');
    proxy.add({ method: 'GET', fault: { kind: 'reset' } });
    await expect(http.send(heat())).rejects.toThrow();
    expect(monitor.snapshot().problem?.kind).toBe('unreachable');
    proxy.add({ method: 'POST', fault: { kind: 'status', status: 401 } });
    await http.send(keystone());
    expect(monitor.snapshot().problem?.kind).toBe('credentials');
  });
});
