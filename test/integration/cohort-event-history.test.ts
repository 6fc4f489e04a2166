/**
 * The instructor's listing does not grow with a lab's history: each lab's events are kept between
 * listings with the id of the last one, and Heat is asked only for the events after it (`marker=`).
 * Counted on the wire, through a recording proxy in front of Heat.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CohortService } from '../../src/core/cohort/cohort-service';
import { MemoryStackEventCache } from '../../src/core/cohort/stack-event-cache';
import type { ResolvedCloud } from '../../src/core/openstack/clouds-config/cloud-types';
import { connect, type OpenStackConnection } from '../../src/core/openstack/openstack-client';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { FaultProxy, type ProxiedRequest } from '../support/fault-proxy';
import { createLab, deleteRunStacks, TINY_LAB } from './cohort-labs';
import { connectTo, sandboxCloud } from './openstack-sandbox';

/** The events requests of one stack a listing made, with the events each answer carried. */
function eventReads(log: readonly ProxiedRequest[], stackId: string): { query: URLSearchParams; events: string[] }[] {
  return log
    .filter((r) => r.method === 'GET' && r.path.includes(`/${stackId}/events`))
    .map((r) => ({
      query: new URL(r.path, 'http://heat').searchParams,
      events: (JSON.parse(r.answer ?? '{"events":[]}') as { events: { resource_status: string }[] }).events.map((e) => e.resource_status),
    }));
}

describeWithSandbox('cohort listing: a lab’s events read once, then only the new ones', (sandbox) => {
  const run = randomBytes(3).toString('hex');
  const course = `cohort-history-${run}`;
  let state: SandboxState;
  let heatProxy: FaultProxy;
  let instructor: OpenStackConnection;
  let learner: OpenStackConnection;

  beforeAll(async () => {
    state = sandbox();
    heatProxy = await FaultProxy.start(new URL(state.heat.url).origin);
    const cloud = sandboxCloud(state, 'instructor');
    const proxied: ResolvedCloud = { ...cloud, endpointOverrides: { orchestration: `${heatProxy.via(state.heat.url)}/%(project_id)s` } };
    instructor = await connect(proxied);
    learner = await connectTo(state, 'learner2');
  });

  afterAll(async () => {
    await deleteRunStacks(learner, run);
    await instructor.close();
    await learner.close();
    await heatProxy.close();
  });

  it('a suspended → resumed → suspended lab: the next listing asks Heat only for the events after the last one it has', async () => {
    const lab = await createLab(learner, course, run, { template: TINY_LAB });
    await learner.stacks.suspend(lab.ref, { timeoutMs: 60_000 });
    const service = new CohortService({ connection: instructor, local: { eventCache: new MemoryStackEventCache() } });

    heatProxy.clear();
    const first = (await service.list(course)).labs;
    expect(first.map((l) => l.state)).toEqual(['SUSPEND_COMPLETE']);
    const firstReads = eventReads(heatProxy.log, lab.ref.id);
    expect(firstReads).toHaveLength(1);
    expect(firstReads[0]!.query.get('marker')).toBeNull();
    expect(firstReads[0]!.events).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE', 'SUSPEND_IN_PROGRESS', 'SUSPEND_COMPLETE']);

    await new Promise((r) => setTimeout(r, 1100)); // Heat's times have whole seconds
    await learner.stacks.resume(lab.ref, { timeoutMs: 60_000 });
    await learner.stacks.suspend(lab.ref, { timeoutMs: 60_000 });

    heatProxy.clear();
    const second = (await service.list(course)).labs;
    const secondReads = eventReads(heatProxy.log, lab.ref.id);
    expect(secondReads).toHaveLength(1);
    expect(secondReads[0]!.query.get('marker')).toBeTruthy();
    expect(secondReads[0]!.events).toEqual(['RESUME_IN_PROGRESS', 'RESUME_COMPLETE', 'SUSPEND_IN_PROGRESS', 'SUSPEND_COMPLETE']);
    expect(Date.parse(second[0]!.since!)).toBeGreaterThan(Date.parse(first[0]!.since!));

    // Nothing new since: one small question, an empty answer.
    heatProxy.clear();
    const third = (await service.list(course)).labs;
    expect(eventReads(heatProxy.log, lab.ref.id).map((r) => r.events)).toEqual([[]]);

    // The same as a listing that reads every event from Heat.
    const fresh = (await new CohortService({ connection: instructor }).list(course)).labs;
    const timeline = (labs: typeof first) => labs.map((l) => [l.state, l.since, l.lastActivity, l.uptimeWeekSeconds]);
    expect(timeline(third)).toEqual(timeline(second));
    expect(timeline(second).map((t) => t.slice(0, 3))).toEqual(timeline(fresh).map((t) => t.slice(0, 3)));
  }, 180_000);
});
