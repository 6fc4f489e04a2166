/**
 * The cohort listing is polite to a busy Heat: Heat's 429 and 503 with Retry-After are waited out
 * (once, for as long as asked) and the listing then succeeds — no error for the instructor, no
 * burst of retries. Through the loopback fault proxy in front of the sandbox's Heat.
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

describeWithSandbox('cohort listing: Retry-After is honoured, never hammered', (sandbox) => {
  const run = randomBytes(3).toString('hex');
  const course = `cohort-polite-${run}`;
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
    await createLab(learner, course, run, { template: TINY_LAB });
  });

  afterAll(async () => {
    await deleteRunStacks(learner, run);
    await instructor?.close();
    await learner?.close();
    await heatProxy?.close();
  });

  for (const status of [429, 503]) {
    it(`a ${status} with Retry-After: 1 on the stack listing is waited out once, then the listing succeeds`, async () => {
      const service = new CohortService({ connection: instructor, concurrency: 2 });
      heatProxy.clear();
      const listing = /\/stacks\?.*tags=/;
      heatProxy.add({ method: 'GET', path: listing, fault: { kind: 'status', status, retryAfter: '1' }, times: 1 });
      heatProxy.add({ method: 'GET', path: /\/events/, fault: { kind: 'status', status, retryAfter: '1' }, times: 1 });
      const started = Date.now();
      const result = await service.list(course, { namePattern: `^${state.learners[1]!.projectName}$` });
      const took = Date.now() - started;
      expect(result.problems).toEqual([]);
      expect(result.labs.map((l) => l.group)).toEqual(['up']);
      expect(took).toBeGreaterThanOrEqual(2 * 1000 - 50); // the listing's and the events' waits
      const listed = heatProxy.log.filter((r) => r.method === 'GET' && listing.test(r.path));
      expect(listed.map((r) => r.fault ?? r.upstreamStatus)).toEqual(['status', 200]);
      const events = heatProxy.log.filter((r) => r.method === 'GET' && /\/events/.test(r.path));
      expect(events.map((r) => r.fault ?? r.upstreamStatus)).toEqual(['status', 200]);
    }, 120_000);
  }
});
