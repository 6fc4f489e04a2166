/**
 * What a stack delete asks Heat, counted on the wire through the fault proxy in front of the
 * sandbox's Heat: one lookup of the stack before the DELETE, and then only reads of the stack until
 * it is gone — its events only when someone listens to them, and then only this delete's.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { labWaitOptions } from '../../src/core/labs/stack-steps';
import type { ResolvedCloud } from '../../src/core/openstack/clouds-config/cloud-types';
import { prepareTemplate } from '../../src/core/openstack/heat/template-files';
import { connect, type OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { systemClock } from '../../src/core/time/clock';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { FaultProxy, type ProxiedRequest } from '../support/fault-proxy';
import { FIXTURES, sandboxCloud, StackJanitor, uniqueName } from './openstack-sandbox';

describeWithSandbox('stack delete: the requests it makes', (sandbox) => {
  let state: SandboxState;
  let heatProxy: FaultProxy;
  let c: OpenStackConnection;
  const janitor = new StackJanitor(() => c);

  beforeAll(async () => {
    state = sandbox();
    heatProxy = await FaultProxy.start(new URL(state.heat.url).origin);
    const cloud = sandboxCloud(state, 'learner2');
    const proxied: ResolvedCloud = { ...cloud, endpointOverrides: { orchestration: `${heatProxy.via(state.heat.url)}/%(project_id)s` } };
    c = await connect(proxied);
  });

  afterAll(async () => {
    await janitor.cleanUp();
    await c?.close();
    await heatProxy?.close();
  });

  async function createTiny(prefix: string) {
    const name = janitor.track(uniqueName(prefix));
    const created = await c.stacks.create({ name, ...(await prepareTemplate(`${FIXTURES}/tiny.yaml`)) });
    heatProxy.clear();
    return created;
  }

  /** "GET /stacks/NAME/ID" with the project and query left out; "GET …/events" for any events read. */
  const shapes = (log: readonly ProxiedRequest[], name: string, id: string) =>
    log.map((r) => {
      const path = r.path.replace(/^\/v1\/[^/]+/, '');
      if (/\/events(\?|$)/.test(path)) return `${r.method} …/events`;
      return `${r.method} ${path.replace(`/${name}/${id}`, '/NAME/ID').replace(`/${name}`, '/NAME')}`;
    });

  it('a stack looked up by name is deleted with one DELETE, then only reads of the stack until it is gone', async () => {
    const { ref } = await createTiny('delete-count');
    const options = labWaitOptions(AbortSignal.timeout(120_000), systemClock);
    const stack = await c.heat.get(ref.name);
    await c.stacks.delete(stack, options);

    const sent = shapes(heatProxy.log, ref.name, ref.id);
    // The lookup by name (Heat's 302 to the stack's own address, and that address), then the DELETE.
    expect(sent.slice(0, 3)).toEqual(['GET /stacks/NAME', 'GET /stacks/NAME/ID', 'DELETE /stacks/NAME/ID']);
    const polls = sent.slice(3);
    expect(polls.length).toBeGreaterThan(0);
    expect(new Set(polls)).toEqual(new Set(['GET /stacks/NAME/ID']));
    expect(await c.heat.isGone(ref)).toBe(true);
  }, 120_000);

  it('a stack given by its ref is read once before the DELETE, not its events', async () => {
    const { ref } = await createTiny('delete-ref');
    await c.stacks.delete(ref, labWaitOptions(AbortSignal.timeout(120_000), systemClock));

    const sent = shapes(heatProxy.log, ref.name, ref.id);
    expect(sent.slice(0, 2)).toEqual(['GET /stacks/NAME/ID', 'DELETE /stacks/NAME/ID']);
    expect(new Set(sent.slice(2))).toEqual(new Set(['GET /stacks/NAME/ID']));
    expect(await c.heat.isGone(ref)).toBe(true);
  }, 120_000);

  it('with a listener, the delete reads events after the newest one before it: only its own are reported', async () => {
    const { ref } = await createTiny('delete-events');
    const reported: string[] = [];
    await c.stacks.delete(ref, { onEvent: (e) => reported.push(e.status), timeoutMs: 120_000 });

    expect(reported.length).toBeGreaterThan(0);
    expect(reported.every((status) => status.startsWith('DELETE_'))).toBe(true);
    expect(reported.at(-1)).toBe('DELETE_COMPLETE');
    const markers = heatProxy.log.filter((r) => /\/events\?/.test(r.path) && r.method === 'GET');
    // The newest event before the DELETE (limit=1), then the waiter's reads after it (marker=).
    expect(markers[0]!.path).toMatch(/sort_dir=desc.*limit=1/);
    expect(markers.slice(1).every((r) => /marker=/.test(r.path))).toBe(true);
  }, 120_000);
});
