/**
 * max_session enforced by the learner's own app against the real sandbox: a course that allows a
 * session of a few seconds gets its lab suspended in Heat by the app's policies while the learner
 * keeps being active (activity only pushes the idle deadline, never the session's end).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sessionStart } from '../../src/core/labs/policies/max-session';
import { labHarness, sampleCourseVariant, SAMPLE_COURSE, type LabHarness } from '../support/lab-harness';
import { connectTo } from './openstack-sandbox';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

// Its own course id, so its stack name never meets the lifecycle tests' stacks of the same learner.
const COURSE = 'max-session-it';
const MAX_SESSION_S = 4;

describeWithSandbox('max_session on the sandbox', (sandbox) => {
  let dir: string;
  let h: LabHarness | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lc-max-session-it-'));
  });

  afterAll(async () => {
    if (h) {
      await h.run('lab.delete', COURSE).catch(() => undefined);
      await h.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('suspends the lab in Heat once max_session has passed since it came up, although the learner stays active', async () => {
    const courseYaml = readFileSync(join(SAMPLE_COURSE, 'course.yaml'), 'utf8')
      .replace(/^id: intro-linux$/m, `id: ${COURSE}`)
      .replace(/max_session: \S+/, `max_session: ${MAX_SESSION_S}s`);
    expect(courseYaml).toContain(`max_session: ${MAX_SESSION_S}s`);
    const course = sampleCourseVariant(dir, { 'course.yaml': courseYaml });
    h = await labHarness({ state: sandbox(), clouds: [{ name: 'max-session', user: 'learner2' }], course });
    const launched = await h.run('lab.launch', COURSE);
    expect(launched.status, launched.error?.message).toBe('succeeded');
    const up = h.service.store.latestForCourse(COURSE)!;
    expect(up).toMatchObject({ state: 'CREATE_COMPLETE', ready: true });
    const started = sessionStart(h.service.store.ledger({ courseId: COURSE }))!;
    expect(started).toBeGreaterThan(0);

    h.service.start({ policyEveryMs: 200 });
    const deadline = Date.now() + 120_000;
    let lab = up;
    while (Date.now() < deadline) {
      h.service.policies.activity(COURSE);
      lab = h.service.store.latestForCourse(COURSE)!;
      if (lab.state === 'SUSPEND_COMPLETE') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(lab.state).toBe('SUSPEND_COMPLETE');

    const ledger = h.service.store.ledger({ courseId: COURSE });
    const suspendAsked = ledger.find((e) => e.state === 'SUSPEND_PENDING')!;
    expect(suspendAsked.at - started).toBeGreaterThanOrEqual(MAX_SESSION_S * 1000);
    // suspend_timeout is the sample's 2 minutes and activity kept pushing it: the idle rule did not do this.
    expect(suspendAsked.at).toBeLessThan(up.suspendBy!);

    const conn = await connectTo(sandbox(), 'learner2');
    try {
      const stack = await conn.heat.get(up.stackName);
      expect(stack.status).toBe('SUSPEND_COMPLETE');
    } finally {
      await conn.close();
    }
  }, 300_000);
});
