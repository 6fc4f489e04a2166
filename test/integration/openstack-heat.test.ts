/**
 * Heat v1 against the sandbox: validate, create with get_file and nested templates, get by name
 * and id, outputs, events, suspend/resume/check, update, list with tags and pages, delete and
 * what "gone" means, failures with Heat's reason, and the waiter's progress and cancellation.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StackEventSchema, StackSummarySchema, type StackEvent } from '../../src/shared/openstack/stack';
import { HeatError, HeatTrustRefusedError, StackActionFailedError } from '../../src/core/openstack/errors';
import { cloudEnvironmentSource } from '../../src/core/openstack/heat/cloud-environment';
import { prepareTemplate } from '../../src/core/openstack/heat/template-files';
import { waitForStack } from '../../src/core/openstack/heat/stack-waiter';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { connectTo, FIXTURES, sandboxCloud, StackJanitor, stacksNamed, uniqueName } from './openstack-sandbox';

describeWithSandbox('Heat v1 through the OpenStack client', (sandbox) => {
  let state: SandboxState;
  let c: OpenStackConnection;
  const janitor = new StackJanitor(() => c);

  beforeAll(async () => {
    state = sandbox();
    c = await connectTo(state, 'learner2');
  });

  afterAll(async () => {
    await janitor.cleanUp();
    await c.close();
  });

  it('validates a template with its files, and reports Heat’s reason for a bad one', async () => {
    const prepared = await prepareTemplate(`${FIXTURES}/with-files.yaml`);
    const result = await c.heat.validate(prepared);
    expect(result).toMatchObject({ Parameters: { greeting: { Default: 'hello' } } });

    const error = await c.heat
      .validate({
        template: { heat_template_version: '2018-08-31', resources: { x: { type: 'OS::Heat::Value', properties: { nonsense: 1 } } } },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeatError);
    expect((error as HeatError).status).toBe(400);
    expect((error as Error).message).toContain('resources.x.properties: Unknown Property nonsense');
    expect((error as Error).message).toMatch(/Fix the template/);
  });

  it('creates a stack with get_file and a nested template, merging the cloud environment after the course’s', async () => {
    const name = janitor.track(uniqueName('files'));
    const cloud = sandboxCloud(state, 'learner2');
    const cloudEnv = cloudEnvironmentSource({
      ...cloud,
      labConsole: { heatEnvironment: { kind: 'inline', environment: { parameter_defaults: { greeting: 'hallo' } } } },
    });
    const prepared = await prepareTemplate(`${FIXTURES}/with-files.yaml`, [{ path: `${FIXTURES}/environment.yaml` }, cloudEnv!]);
    expect(prepared.environment).toEqual({ parameter_defaults: { greeting: 'hallo' } });
    const events: StackEvent[] = [];
    const stack = await c.stacks.create({ name, ...prepared, tags: ['it-os', 'files'] }, { onEvent: (e) => events.push(e) });
    expect(stack.status).toBe('CREATE_COMPLETE');
    expect(stack.outputs).toEqual({ script: '#!/bin/sh\necho "lab setup"\n', motd: 'hallo from the nested template\n' });
    expect(stack.tags).toEqual(['it-os', 'files']);
    for (const e of events) StackEventSchema.parse(e);
    expect(events[0]).toMatchObject({ resourceName: name, status: 'CREATE_IN_PROGRESS', isStackEvent: true });
    expect(events.at(-1)).toMatchObject({ resourceName: name, status: 'CREATE_COMPLETE', isStackEvent: true });
    expect(new Set(events.filter((e) => !e.isStackEvent).map((e) => e.resourceName))).toEqual(new Set(['script', 'box']));
  });

  it('finds a stack by name (through Heat’s redirect) and by id, with its outputs', async () => {
    const name = janitor.track(uniqueName('get'));
    const created = await c.stacks.create({ name, ...(await prepareTemplate(`${FIXTURES}/tiny.yaml`)), parameters: { run: 'course-42' } });
    const byName = await c.heat.get(name);
    const byId = await c.heat.get(created.ref);
    expect(byName.ref).toEqual(created.ref);
    expect(byId.ref).toEqual(created.ref);
    const outputs = await c.heat.outputs(name);
    expect(outputs.run).toBe('course-42');
    expect(String(outputs.password)).toHaveLength(12);
    expect(await c.heat.find(uniqueName('absent'))).toBeUndefined();
    const missing = await c.heat.get(uniqueName('absent')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HeatError);
    expect((missing as HeatError).status).toBe(404);
  });

  it('suspends, resumes and checks, each wait reporting only its own events', async () => {
    const name = janitor.track(uniqueName('cycle'));
    const created = await c.stacks.create({ name, ...(await prepareTemplate(`${FIXTURES}/slow.yaml`)), parameters: { wait_secs: 0 } });
    const seen: Record<string, string[]> = { SUSPEND: [], RESUME: [], CHECK: [] };
    const suspended = await c.stacks.suspend(created.ref, { onEvent: (e) => seen.SUSPEND!.push(e.status) });
    expect(suspended.status).toBe('SUSPEND_COMPLETE');
    const resumed = await c.stacks.resume(created.ref, { onEvent: (e) => seen.RESUME!.push(e.status) });
    expect(resumed.status).toBe('RESUME_COMPLETE');
    const checked = await c.stacks.check(created.ref, { onEvent: (e) => seen.CHECK!.push(e.status) });
    expect(checked.status).toBe('CHECK_COMPLETE');
    // A second check ends in the same status: the wait must see this check start, not the last one's end.
    const events: string[] = [];
    await c.stacks.check(created.ref, { onEvent: (e) => events.push(e.status) });
    expect(events).toContain('CHECK_IN_PROGRESS');
    for (const [action, statuses] of Object.entries(seen)) {
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((s) => s.startsWith(`${action}_`))).toBe(true);
    }
  });

  it('reads events since a marker, oldest first', async () => {
    const name = janitor.track(uniqueName('events'));
    const created = await c.stacks.create({ name, ...(await prepareTemplate(`${FIXTURES}/tiny.yaml`)) });
    const all = await c.heat.events(created.ref);
    expect(all.length).toBeGreaterThanOrEqual(4);
    const times = all.map((e) => e.time);
    expect([...times].sort()).toEqual(times);
    const after = await c.heat.events(created.ref, { marker: all[1]!.id });
    expect(after.map((e) => e.id)).toEqual(all.slice(2).map((e) => e.id));
    expect(await c.heat.latestEventId(created.ref)).toBe(all.at(-1)!.id);
  });

  it('updates a stack with PATCH, keeping its template', async () => {
    const name = janitor.track(uniqueName('update'));
    const created = await c.stacks.create({ name, ...(await prepareTemplate(`${FIXTURES}/tiny.yaml`)), parameters: { run: 'before' } });
    const updated = await c.stacks.update(created.ref, { parameters: { run: 'after' } }, { timeoutMs: 60_000 });
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expect(updated.outputs.run).toBe('after');
    expect(updated.outputs.password).toBe(created.outputs.password);
  });

  it('lists by tags (all, any, none), pages with limit and marker, and filters status beside tags', async () => {
    const tag = `it-os-list-${process.pid}`;
    const prepared = await prepareTemplate(`${FIXTURES}/tiny.yaml`);
    const names = [uniqueName('list-a'), uniqueName('list-b'), uniqueName('list-c')].map((n) => janitor.track(n));
    const created = await Promise.all(
      names.map((name, i) => c.stacks.create({ name, ...prepared, tags: i === 2 ? [tag, 'odd'] : [tag, 'even'] })),
    );
    await c.stacks.suspend(created[0]!.ref);

    const sorted = (xs: { name: string }[]): string[] => xs.map((x) => x.name).sort();
    expect(sorted((await c.heat.list({ tags: [tag] })).stacks)).toEqual([...names].sort());
    expect(sorted((await c.heat.list({ tags: [tag, 'odd'] })).stacks)).toEqual([names[2]]);
    expect(sorted((await c.heat.list({ tagsAny: ['odd', `${tag}-nothing`] })).stacks)).toContain(names[2]);
    expect(sorted((await c.heat.list({ tags: [tag], notTags: ['odd'] })).stacks)).toEqual([names[0], names[1]].sort());
    // Heat 19 answers 500 to tags= with a status filter; the client filters the status itself.
    expect(sorted((await c.heat.list({ tags: [tag], status: ['SUSPEND_COMPLETE'] })).stacks)).toEqual([names[0]]);
    expect(sorted((await c.heat.list({ status: ['SUSPEND_COMPLETE'] })).stacks)).toContain(names[0]);

    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await c.heat.list({ tags: [tag], limit: 2, marker });
      for (const s of page.stacks) StackSummarySchema.parse(s);
      seen.push(...page.stacks.map((s) => s.name));
      marker = page.nextMarker;
      pages++;
    } while (marker);
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual([...names].sort());
    expect(sorted(await c.heat.listAll({ tags: [tag], limit: 1 }))).toEqual([...names].sort());
  });

  it('deletes a stack: gone by name (404) and DELETE_COMPLETE by id; deleting again is harmless', async () => {
    const name = janitor.track(uniqueName('delete'));
    const created = await c.stacks.create({ name, ...(await prepareTemplate(`${FIXTURES}/tiny.yaml`)) });
    expect(await c.heat.isGone(created.ref)).toBe(false);
    const events: string[] = [];
    await c.stacks.delete(created.ref, { onEvent: (e) => events.push(e.status) });
    expect(events.at(-1)).toBe('DELETE_COMPLETE');
    // By name it is gone at once (Heat itself answers 404 a moment later); by id Heat still shows it.
    expect(await c.heat.find(name)).toBeUndefined();
    expect((await c.heat.find(created.ref))?.status).toBe('DELETE_COMPLETE');
    expect(await c.heat.isGone(created.ref)).toBe(true);
    await c.heat.delete(created.ref);
    await c.stacks.delete(created.ref);
  });

  it('reports a failed create with Heat’s status_reason', async () => {
    const name = janitor.track(uniqueName('fail'));
    const error = await c.stacks
      .create({ name, ...(await prepareTemplate(`${FIXTURES}/failing.yaml`)), disableRollback: true, timeoutMins: 5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackActionFailedError);
    const failed = error as StackActionFailedError;
    expect(failed.stackStatus).toBe('CREATE_FAILED');
    expect(failed.statusReason).toMatch(/Test Resource failed broken/);
    expect(failed.message).toContain(name);
    expect(failed.message).toContain('CREATE_FAILED');
    expect(failed.message).toMatch(/Heat's reason: Resource CREATE failed/);
  });

  it('refuses a second stack of the same name with Heat’s explanation', async () => {
    const name = janitor.track(uniqueName('dup'));
    const prepared = await prepareTemplate(`${FIXTURES}/tiny.yaml`);
    await c.heat.create({ name, ...prepared });
    const error = await c.heat.create({ name, ...prepared }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeatError);
    expect((error as HeatError).status).toBe(409);
    expect((error as Error).message).toMatch(/already exists/);
    expect(await stacksNamed(c, name)).toHaveLength(1);
  });

  it('stops waiting when cancelled, leaving the stack to Heat', async () => {
    const name = janitor.track(uniqueName('cancel'));
    const ref = await c.heat.create({ name, ...(await prepareTemplate(`${FIXTURES}/slow.yaml`)), parameters: { wait_secs: 3 } });
    const controller = new AbortController();
    const progress: string[] = [];
    const waiting = waitForStack(c.heat, ref, {
      action: 'CREATE',
      signal: controller.signal,
      onEvent: (e) => {
        progress.push(`${e.resourceName} ${e.status}`);
        if (e.resourceName === 'first' && e.status === 'CREATE_IN_PROGRESS') controller.abort(new Error('learner closed the lab'));
      },
    });
    await expect(waiting).rejects.toThrow('learner closed the lab');
    expect(progress).toContain('first CREATE_IN_PROGRESS');
    const stack = await waitForStack(c.heat, ref, { action: 'CREATE', timeoutMs: 60_000 });
    expect(stack?.status).toBe('CREATE_COMPLETE');
  });

  it('explains that Heat refuses stack creation to an application-credential login', async () => {
    const appcred = await connectTo(state, 'learner1-appcred');
    try {
      const name = uniqueName('appcred');
      const error = await appcred.heat.create({ name, ...(await prepareTemplate(`${FIXTURES}/tiny.yaml`)) }).catch((e: unknown) => e);
      if (!(error instanceof HeatTrustRefusedError)) {
        // A Heat that accepts it is fine too; then the stack must be cleaned up.
        const created = await appcred.heat.find(name);
        if (created) await appcred.stacks.delete(created.ref);
        expect(error).toBeInstanceOf(HeatTrustRefusedError);
        return;
      }
      expect(error.status).toBe(403);
      expect(error.cloud).toBe('learner1-appcred');
      expect(error.message).toMatch(/trust/);
      expect(error.message).toMatch(/log in with a password/);
      // Reads still work with the same token.
      expect(Array.isArray((await appcred.heat.list({ limit: 1 })).stacks)).toBe(true);
    } finally {
      await appcred.close();
    }
  });
});
