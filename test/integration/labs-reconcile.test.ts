/**
 * Start-up reconcile against the sandbox: the cloud is the source of truth. A lab past its idle
 * deadline is suspended, a stack the records call deleted is deleted, and a record whose stack the
 * cloud lost is marked so.
 */
import { afterEach, expect, it } from 'vitest';
import { labHarness, type LabHarness } from '../support/lab-harness';
import { connectTo } from './openstack-sandbox';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const COURSE = 'intro-linux';

describeWithSandbox('lab reconcile at start-up', (sandbox) => {
  let h: LabHarness | undefined;

  afterEach(async () => {
    await h?.run('lab.delete', COURSE).catch(() => undefined);
    await h?.close();
    h = undefined;
  });

  async function launched(): Promise<LabHarness> {
    h = await labHarness({ state: sandbox(), clouds: [{ name: 'rec', user: 'learner1' }] });
    expect((await h.run('lab.launch', COURSE)).status).toBe('succeeded');
    return h;
  }

  async function drain(harness: LabHarness): Promise<void> {
    const worker = harness.service.queue.worker({ leaseMs: 3_000, heartbeatMs: 1_000, pollMs: 100 });
    await worker.runUntilIdle();
    await worker.drain(0);
  }

  it('suspends a lab whose suspend_by passed while the app was closed', async () => {
    const harness = await launched();
    const lab = harness.service.store.latestForCourse(COURSE)!;
    harness.service.store.update(COURSE, lab.userId, { suspendBy: Date.now() - 1_000 }, Date.now());
    const report = await harness.service.reconcile();
    expect(report.suspended).toEqual([lab.stackName]);
    await drain(harness);
    expect(harness.service.store.latestForCourse(COURSE)).toMatchObject({ state: 'SUSPEND_COMPLETE' });
  });

  it('deletes a stack the records call deleted (a zombie)', async () => {
    const harness = await launched();
    const lab = harness.service.store.latestForCourse(COURSE)!;
    harness.service.store.update(COURSE, lab.userId, { state: 'DELETE_COMPLETE' }, Date.now(), { running: false });
    const report = await harness.service.reconcile();
    expect(report.zombies).toEqual([lab.stackName]);
    await drain(harness);
    const conn = await connectTo(sandbox(), 'learner1');
    expect((await conn.heat.listAll()).filter((s) => s.name === lab.stackName && s.status !== 'DELETE_COMPLETE')).toEqual([]);
    await conn.close();
  });

  it('marks a lab whose stack the cloud lost', async () => {
    const harness = await launched();
    const lab = harness.service.store.latestForCourse(COURSE)!;
    const conn = await connectTo(sandbox(), 'learner1');
    await conn.stacks.delete({ name: lab.stackName, id: lab.stackId! }, { timeoutMs: 60_000 });
    await conn.close();
    const report = await harness.service.reconcile();
    expect(report.lost).toEqual([lab.stackName]);
    expect(harness.service.store.latestForCourse(COURSE)).toMatchObject({
      state: 'DELETE_COMPLETE',
      stackId: null,
      error: expect.stringMatching(/no longer has this lab/),
    });
  });
});
