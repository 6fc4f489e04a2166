/**
 * Transport rules against the real Keystone + Heat behind a fault-injecting loopback proxy:
 * reads recover from resets, 503 and 429; a create is never blindly resent, so a POST that Heat
 * executed but whose answer was lost still leaves exactly one stack; errors say what to fix.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { NetworkError } from '../../src/core/openstack/errors';
import type { ResolvedCloud } from '../../src/core/openstack/clouds-config/cloud-types';
import { prepareTemplate } from '../../src/core/openstack/heat/template-files';
import { connect, type ConnectOptions, type OpenStackConnection } from '../../src/core/openstack/openstack-client';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { FaultProxy } from '../support/fault-proxy';
import { connectTo, FIXTURES, sandboxCloud, StackJanitor, stacksNamed, uniqueName } from './openstack-sandbox';

describeWithSandbox('the OpenStack client through a faulty network', (sandbox) => {
  let state: SandboxState;
  let heatProxy: FaultProxy;
  let keystoneProxy: FaultProxy;
  let direct: OpenStackConnection;
  const opened: OpenStackConnection[] = [];
  const janitor = new StackJanitor(() => direct);

  /** learner3's cloud with Keystone and Heat both reached through the proxies. */
  function proxiedCloud(): ResolvedCloud {
    const cloud = sandboxCloud(state, 'learner3');
    return {
      ...cloud,
      auth: { ...cloud.auth, authUrl: keystoneProxy.via(state.keystone.url) },
      endpointOverrides: { orchestration: `${heatProxy.via(state.heat.url)}/%(project_id)s` },
    };
  }

  async function open(cloud: ResolvedCloud = proxiedCloud(), options: ConnectOptions = {}): Promise<OpenStackConnection> {
    const connection = await connect(cloud, { retry: { backoff: { baseMs: 50, capMs: 400, factor: 2 } }, ...options });
    opened.push(connection);
    return connection;
  }

  beforeAll(async () => {
    state = sandbox();
    heatProxy = await FaultProxy.start(new URL(state.heat.url).origin);
    keystoneProxy = await FaultProxy.start(new URL(state.keystone.url).origin);
    direct = await connectTo(state, 'learner3');
  });

  afterEach(() => {
    heatProxy.clear();
    keystoneProxy.clear();
  });

  afterAll(async () => {
    await janitor.cleanUp();
    for (const c of opened) await c.close();
    await direct.close();
    await heatProxy.close();
    await keystoneProxy.close();
  });

  it('recovers reads from connection resets', async () => {
    const c = await open();
    heatProxy.add({ method: 'GET', path: /\/stacks/, fault: { kind: 'reset' }, times: 2 });
    const page = await c.heat.list({ limit: 5 });
    expect(Array.isArray(page.stacks)).toBe(true);
    expect(heatProxy.seen('GET', /\/stacks/).map((r) => r.fault)).toEqual(['reset', 'reset', undefined]);
  });

  it('waits out 503 and 429 with their Retry-After before reading again', async () => {
    const c = await open();
    await c.keystone.token();
    heatProxy.add({ method: 'GET', path: /\/stacks/, fault: { kind: 'status', status: 503, retryAfter: '1' } });
    heatProxy.add({ method: 'GET', path: /\/stacks/, fault: { kind: 'status', status: 429, retryAfter: '1' } });
    const started = Date.now();
    await c.heat.list({ limit: 5 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(heatProxy.seen('GET', /\/stacks/).map((r) => r.fault)).toEqual(['status', 'status', undefined]);
  });

  it('logs in through a reset and a slow answer', async () => {
    keystoneProxy.add({ method: 'POST', path: /auth\/tokens/, fault: { kind: 'reset' } });
    keystoneProxy.add({ method: 'POST', path: /auth\/tokens/, fault: { kind: 'delay', ms: 300 } });
    const c = await open();
    const token = await c.keystone.token();
    expect(token.user.name).toBe('learner3');
    expect(keystoneProxy.seen('POST', /auth\/tokens/)).toHaveLength(2);
  });

  it('ends with exactly one stack when Heat created it but the answer to the POST was lost', async () => {
    const c = await open();
    const name = janitor.track(uniqueName('lost-answer'));
    heatProxy.add({ method: 'POST', path: /\/stacks$/, fault: { kind: 'forward-then-reset' } });
    const ref = await c.heat.create({ name, ...(await prepareTemplate(`${FIXTURES}/tiny.yaml`)) });
    expect(heatProxy.seen('POST', /\/stacks$/)).toEqual([
      // The proxy also keeps the answer it withheld.
      expect.objectContaining({
        method: 'POST',
        path: expect.stringMatching(/\/stacks$/),
        fault: 'forward-then-reset',
        upstreamStatus: 201,
      }),
    ]);
    expect(c.heat.stats.ambiguousLookups).toBe(1);
    expect(await stacksNamed(direct, name)).toEqual([ref]);
  });

  it('sends the POST again only after the lookup proves no stack exists', async () => {
    const c = await open();
    const name = janitor.track(uniqueName('reset-before'));
    heatProxy.add({ method: 'POST', path: /\/stacks$/, fault: { kind: 'reset' } });
    const ref = await c.heat.create({ name, ...(await prepareTemplate(`${FIXTURES}/tiny.yaml`)) });
    const log = heatProxy.log.map((r) => `${r.method} ${r.path.replace(/.*\/v1\/[^/]+/, '')} ${r.fault ?? r.upstreamStatus}`);
    expect(log).toEqual([`POST /stacks reset`, `GET /stacks/${name} 404`, `POST /stacks 201`]);
    expect(await stacksNamed(direct, name)).toEqual([ref]);
  });

  it('looks for the stack before resending a create answered 503', async () => {
    const c = await open();
    const name = janitor.track(uniqueName('busy'));
    heatProxy.add({ method: 'POST', path: /\/stacks$/, fault: { kind: 'status', status: 503, retryAfter: '0' } });
    const ref = await c.heat.create({ name, ...(await prepareTemplate(`${FIXTURES}/tiny.yaml`)) });
    expect(heatProxy.seen('POST', /\/stacks$/)).toHaveLength(2);
    expect(heatProxy.seen('GET', new RegExp(`/stacks/${name}$`))).toHaveLength(1);
    expect(await stacksNamed(direct, name)).toEqual([ref]);
  });

  it('runs a suspend whose answer was lost once, and still sees it complete', async () => {
    const name = janitor.track(uniqueName('suspend-lost'));
    const created = await direct.stacks.create({ name, ...(await prepareTemplate(`${FIXTURES}/tiny.yaml`)) });
    const c = await open();
    heatProxy.add({ method: 'POST', path: /\/actions$/, fault: { kind: 'forward-then-reset' } });
    const suspended = await c.stacks.suspend(created.ref, { timeoutMs: 60_000 });
    expect(suspended.status).toBe('SUSPEND_COMPLETE');
    const posts = heatProxy.seen('POST', /\/actions$/);
    expect(posts[0]).toMatchObject({ fault: 'forward-then-reset', upstreamStatus: 200 });
    // The resend met either the running suspend (409 ActionInProgress) or the finished one (a no-op).
    expect(posts).toHaveLength(2);
    const events = await direct.heat.events(created.ref);
    expect(events.filter((e) => e.isStackEvent && e.status === 'SUSPEND_IN_PROGRESS').length).toBeGreaterThanOrEqual(1);
  });

  it('applies an update whose answer was lost once, and still sees it complete', async () => {
    const name = janitor.track(uniqueName('update-lost'));
    const created = await direct.stacks.create({ name, ...(await prepareTemplate(`${FIXTURES}/tiny.yaml`)), parameters: { run: 'one' } });
    const c = await open();
    heatProxy.add({ method: 'PATCH', fault: { kind: 'forward-then-reset' } });
    const updated = await c.stacks.update(created.ref, { parameters: { run: 'two' } }, { timeoutMs: 60_000 });
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expect(updated.outputs.run).toBe('two');
    expect(heatProxy.seen('PATCH', /.*/)[0]).toMatchObject({ fault: 'forward-then-reset', upstreamStatus: 202 });
  });

  it('gives up on a Heat that never answers, naming Heat, its address and the problem', async () => {
    const c = await open(proxiedCloud(), {
      timeouts: { headersMs: 300 },
      retry: { maxAttempts: 2, backoff: { baseMs: 10, capMs: 10, factor: 1 } },
    });
    await c.keystone.token();
    heatProxy.add({ method: 'GET', fault: { kind: 'hang' }, times: 5 });
    const error = await c.heat.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain(`Heat at 127.0.0.1:${heatProxy.port}`);
    expect((error as Error).message).toContain('no answer in time');
    expect(heatProxy.seen('GET', /.*/)).toHaveLength(2);
  });

  it('says to check auth_url when nothing listens at Keystone’s address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const cloud = sandboxCloud(state, 'learner3');
    const c = await open({ ...cloud, auth: { ...cloud.auth, authUrl: `http://127.0.0.1:${port}/v3` } }, { retry: { maxAttempts: 2 } });
    const error = await c.keystone.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain(`Keystone at 127.0.0.1:${port}`);
    expect((error as Error).message).toContain('connection refused');
    expect((error as Error).message).toContain('Check auth_url');
  });

  it('says the Heat address comes from the catalog when Heat is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const c = await open(
      { ...sandboxCloud(state, 'learner3'), endpointOverrides: { orchestration: `http://127.0.0.1:${port}/v1/%(project_id)s` } },
      { retry: { maxAttempts: 1 } },
    );
    const error = await c.heat.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/Heat address comes from the Keystone catalog/);
  });
});
