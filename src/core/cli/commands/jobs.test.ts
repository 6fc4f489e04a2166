import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { JobList, JobRecord, JobWorkSummary } from '../../../shared/jobs';
import { tempHome } from '../../../../test/support/temp-home';
import { PermanentJobError } from '../../jobs/job-errors';
import { JobQueue } from '../../jobs/job-queue';
import { defineJob, JobRegistry } from '../../jobs/job-registry';
import { CliContext } from '../cli-context';
import { jobsCommand } from './jobs';

const Payload = z.object({ lab: z.string(), fail: z.boolean().default(false) });
const labStep = defineJob({
  type: 'lab.step',
  payload: Payload,
  maxAttempts: 3,
  key: (p) => p.lab,
  handler: async (p, ctx) => {
    ctx.progress({ fraction: 0.5, message: 'halfway' });
    if (p.fail) throw new PermanentJobError('Heat said: Resource CREATE failed: ValueError', 'CREATE_FAILED');
    return { lab: p.lab };
  },
});
const registry = () => new JobRegistry([labStep]);

let home: ReturnType<typeof tempHome> | undefined;
const contexts: CliContext[] = [];
afterEach(() => {
  for (const ctx of contexts.splice(0)) ctx.close();
  home?.remove();
  home = undefined;
});

async function run(args: string[], json = true, waitForStop = async (stop: () => Promise<void>) => stop()) {
  home ??= tempHome();
  const out: string[] = [];
  const err: string[] = [];
  const ctx = new CliContext({ home: home.path, json }, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) }, {});
  contexts.push(ctx);
  await jobsCommand(() => ctx, {
    queue: (app) => new JobQueue({ db: app.db, registry: registry(), clock: app.clock, logger: app.logger }),
    waitForStop,
    worker: { pollMs: 20 },
  }).parseAsync(args, { from: 'user' });
  return { stdout: out.join(''), stderr: err.join(''), ctx };
}

function queueOf(ctx: CliContext): JobQueue {
  return new JobQueue({ db: ctx.app().db, registry: registry() });
}

describe('lab-console jobs', () => {
  it('lists jobs newest first, as JSON or as a table with the failure reason', async () => {
    const { ctx } = await run(['list']);
    const queue = queueOf(ctx);
    queue.enqueue(labStep, { lab: 'linux-101', fail: false });
    queue.enqueue(labStep, { lab: 'k8s-201', fail: true });
    await run(['work']);

    const listed = JobList.parse(JSON.parse((await run(['list'])).stdout));
    expect(listed.jobs.map((job) => [job.key, job.status])).toEqual([
      ['k8s-201', 'failed'],
      ['linux-101', 'succeeded'],
    ]);
    const table = (await run(['list'], false)).stdout;
    expect(table.split('\n')[0]).toMatch(/^ID\s+TYPE\s+KEY\s+STATUS\s+TRIES\s+UPDATED\s+DETAIL$/);
    expect(table).toContain('[CREATE_FAILED] Heat said: Resource CREATE failed: ValueError');
    expect(JobList.parse(JSON.parse((await run(['list', '--status', 'failed'])).stdout)).jobs).toHaveLength(1);
  });

  it('works off the due jobs and reports what happened, with progress on stderr', async () => {
    const { ctx } = await run(['list']);
    const queue = queueOf(ctx);
    queue.enqueue(labStep, { lab: 'a', fail: false });
    queue.enqueue(labStep, { lab: 'b', fail: true });
    queue.enqueue(labStep, { lab: 'c', fail: false }, { runAfter: Date.now() + 3_600_000 });
    const result = await run(['work'], false);
    expect(result.stdout).toContain('1 succeeded, 1 failed, 0 to retry, 0 cancelled, 0 handed back.');
    expect(result.stdout).toContain('1 job(s) wait for a retry');
    expect(result.stderr).toContain('[a]: halfway (50 %)');
    expect(result.stderr).toContain('[b]: failed: Heat said');
  });

  it('keeps working with --follow until stopped, then prints its summary', async () => {
    const { ctx } = await run(['list']);
    const queue = queueOf(ctx);
    const result = await run(['work', '--follow'], true, async (stop) => {
      const { job } = queue.enqueue(labStep, { lab: 'late', fail: false });
      await queue.waitFor(job.id, { pollMs: 20 });
      await stop();
    });
    expect(JobWorkSummary.parse(JSON.parse(result.stdout))).toMatchObject({ succeeded: 1, failed: 0, waiting: 0 });
  });

  it('listens for its stop before it takes a job, so a SIGTERM while it starts still gives every job back', async () => {
    const { ctx } = await run(['list']);
    const queue = queueOf(ctx);
    const { job } = queue.enqueue(labStep, { lab: 'early', fail: false });
    let statusWhenListening: string | undefined;
    const result = await run(['work', '--follow'], true, async (stop) => {
      statusWhenListening = queue.get(job.id)?.status;
      await stop();
    });
    // Taken before the handler existed, a signal then would have ended the process with the lease held.
    expect(statusWhenListening).toBe('queued');
    expect(JobWorkSummary.parse(JSON.parse(result.stdout))).toMatchObject({ succeeded: 0, failed: 0 });
    expect(queue.get(job.id)).toMatchObject({ status: 'queued', leaseOwner: null });
  });

  it('cancels a queued job, and names a missing one', async () => {
    const { ctx } = await run(['list']);
    const { job } = queueOf(ctx).enqueue(labStep, { lab: 'a', fail: false });
    const cancelled = JobRecord.parse(JSON.parse((await run(['cancel', String(job.id)])).stdout));
    expect(cancelled).toMatchObject({ id: job.id, status: 'cancelled' });
    await expect(run(['cancel', '999'])).rejects.toThrow('There is no job 999');
  });
});
