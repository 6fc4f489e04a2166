/**
 * The instructor's listing keeps the one Heat behind a cohort busy without crowding it: never more
 * requests at once than the listing's bound, and a project's labs have their events read as soon as
 * that project is listed, not once the slowest project is. Counted on the wire, through a proxy in
 * front of the sandbox's Heat.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CohortService } from '../../src/core/cohort/cohort-service';
import type { ResolvedCloud } from '../../src/core/openstack/clouds-config/cloud-types';
import { connect, type OpenStackConnection } from '../../src/core/openstack/openstack-client';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { FaultProxy } from '../support/fault-proxy';
import { createLab, deleteRunStacks, TINY_LAB } from './cohort-labs';
import { connectTo, sandboxCloud } from './openstack-sandbox';

const LABS_PER_PROJECT = 3;

describeWithSandbox('cohort listing: bounded, and no barrier between projects', (sandbox) => {
  const run = randomBytes(3).toString('hex');
  const course = `cohort-bound-${run}`;
  let state: SandboxState;
  let heatProxy: FaultProxy;
  let instructor: OpenStackConnection;
  let learners: OpenStackConnection[] = [];
  let selector: { namePattern: string };

  beforeAll(async () => {
    state = sandbox();
    heatProxy = await FaultProxy.start(new URL(state.heat.url).origin);
    const cloud = sandboxCloud(state, 'instructor');
    const proxied: ResolvedCloud = { ...cloud, endpointOverrides: { orchestration: `${heatProxy.via(state.heat.url)}/%(project_id)s` } };
    instructor = await connect(proxied);
    learners = [await connectTo(state, 'learner1'), await connectTo(state, 'learner2')];
    selector = { namePattern: `^(${state.learners[0]!.projectName}|${state.learners[1]!.projectName})$` };
    await Promise.all(
      learners.flatMap((learner, l) =>
        Array.from({ length: LABS_PER_PROJECT }, (_, i) =>
          createLab(learner, course, run, { template: TINY_LAB }, { name: `lc-${course}-l${l}-${i}` }),
        ),
      ),
    );
  }, 300_000);

  afterAll(async () => {
    await Promise.all(learners.map((l) => deleteRunStacks(l, run)));
    await Promise.all([instructor, ...learners].map((c) => c?.close()));
    await heatProxy?.close();
  });

  it('never has more requests at Heat at once than its bound, and uses the bound', async () => {
    heatProxy.clear();
    // Each answer held back a little, so that the listing's requests overlap if it lets them.
    heatProxy.add({ method: 'GET', path: /\/stacks/, fault: { kind: 'delay', ms: 150 }, times: 1000 });
    const listing = await new CohortService({ connection: instructor, concurrency: 3 }).list(course, selector);
    expect(listing.problems).toEqual([]);
    expect(listing.labs).toHaveLength(2 * LABS_PER_PROJECT);
    expect(listing.labs.every((l) => l.since !== null)).toBe(true);
    expect(heatProxy.peakInFlight).toBe(3);
  }, 120_000);

  it('reads the events of a listed project’s labs while another project is still being listed', async () => {
    heatProxy.clear();
    const slowProject = state.learners[1]!.projectId;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    heatProxy.add({ method: 'GET', path: new RegExp(`/${slowProject}/stacks\\?`), fault: { kind: 'hold', until: released } });
    const eventsRead = () => heatProxy.log.filter((r) => /\/events/.test(r.path)).length;
    const listing = new CohortService({ connection: instructor, concurrency: 4 }).list(course, selector);
    // Held until the other project's labs have had their events asked for, or 10 s.
    const waitedFrom = Date.now();
    while (eventsRead() < LABS_PER_PROJECT && Date.now() - waitedFrom < 10_000) await new Promise((r) => setTimeout(r, 50));
    const readWhileHeld = eventsRead();
    release();
    const result = await listing;
    expect(readWhileHeld).toBe(LABS_PER_PROJECT);
    expect(result.labs).toHaveLength(2 * LABS_PER_PROJECT);
    expect(result.problems).toEqual([]);
  }, 120_000);
});
