import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/core/jobs/job-queue';
import { openDatabase, type Db } from '../../src/core/store/database';
import { startJobsChild, type JobsChild } from '../support/jobs-process';
import { createEffectTables, effectJob, testRegistry } from '../support/jobs-test-types';

// Real processes sharing one store file, as the app, `lab-console jobs work` and a CLI command do.
// No cloud here: the side effects are rows in the same file, so a test can count them.

let dir: string;
let db: Db;
let queue: JobQueue;
let children: JobsChild[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lc-jobs-proc-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function freshStore(): string {
  const path = join(dir, `store-${++n}.db`);
  db = openDatabase({ path });
  createEffectTables(db);
  queue = new JobQueue({ db, registry: testRegistry(db, 'test') });
  return path;
}

afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map((child) => child.exited));
  children = [];
  db.close();
});

function child(args: string[], env: NodeJS.ProcessEnv = {}): JobsChild {
  const started = startJobsChild(args, env);
  children.push(started);
  return started;
}

const effect = (label: string, holdMs: number) => queue.enqueue(effectJob(db, 'test'), { label, holdMs }).job;

function counts(jobId: number): { runs: Array<{ owner: string; attempt: number }>; effects: Array<{ owner: string }> } {
  return {
    runs: db.prepare(`SELECT owner, attempt FROM test_runs WHERE job_id = ? ORDER BY attempt`).all(jobId) as Array<{
      owner: string;
      attempt: number;
    }>,
    effects: db.prepare(`SELECT owner FROM test_effects WHERE job_id = ?`).all(jobId) as Array<{ owner: string }>,
  };
}

async function until<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('jobs across processes', () => {
  it('finishes exactly once on another worker the job of a worker killed with SIGKILL mid-job', async () => {
    const path = freshStore();
    const job = effect('lab-1', 3_000);
    const first = child(['work', '--db', path, '--owner', 'first', '--lease', '1000', '--heartbeat', '250', '--follow']);
    await until(() => (queue.get(job.id)?.progress?.message === 'holding' ? true : undefined));
    expect(queue.get(job.id)).toMatchObject({ status: 'running', leaseOwner: 'first', attempts: 1 });

    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(queue.get(job.id)).toMatchObject({ status: 'running', leaseOwner: 'first' });

    const second = child(['work', '--db', path, '--owner', 'second', '--poll', '100', '--follow']);
    const finished = await queue.waitFor(job.id, { pollMs: 50, maxPollMs: 200 });
    expect(finished).toMatchObject({ status: 'succeeded', attempts: 2, result: { owner: 'second' } });
    expect(counts(job.id)).toEqual({
      runs: [
        { owner: 'first', attempt: 1 },
        { owner: 'second', attempt: 2 },
      ],
      effects: [{ owner: 'second' }],
    });
    second.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });

  it('recovers from a worker that dies at a named crash point', async () => {
    const path = freshStore();
    const job = effect('lab-1', 0);
    const crashing = child(['work', '--db', path, '--owner', 'crashing', '--lease', '500', '--heartbeat', '100'], {
      LAB_CONSOLE_CRASH_AT: 'test.before-effect',
    });
    expect(await crashing.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(counts(job.id)).toEqual({ runs: [{ owner: 'crashing', attempt: 1 }], effects: [] });

    child(['work', '--db', path, '--owner', 'restarted', '--poll', '100', '--follow']);
    expect(await queue.waitFor(job.id, { pollMs: 50, maxPollMs: 200 })).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(counts(job.id).effects).toEqual([{ owner: 'restarted' }]);
  });

  it('never runs a job twice when two workers race for the same queue', async () => {
    const path = freshStore();
    const racers = ['racer-a', 'racer-b'].map((owner) =>
      child(['work', '--db', path, '--owner', owner, '--poll', '10', '--concurrency', '3', '--lease', '5000', '--follow']),
    );
    await Promise.all(racers.map((racer) => racer.line((line) => line.event === 'ready')));
    const jobs = Array.from({ length: 40 }, (_, i) => effect(`lab-${i % 8}`, 30));
    for (const job of jobs) await queue.waitFor(job.id, { pollMs: 20, maxPollMs: 100 });

    const perJob = db.prepare(`SELECT job_id, count(*) AS runs FROM test_runs GROUP BY job_id`).all() as Array<{ runs: number }>;
    expect(perJob).toHaveLength(40);
    expect(perJob.every((row) => row.runs === 1)).toBe(true);
    expect((db.prepare(`SELECT count(*) AS n FROM test_effects`).get() as { n: number }).n).toBe(40);
    const byOwner = db.prepare(`SELECT owner, count(*) AS n FROM test_effects GROUP BY owner ORDER BY owner`).all() as Array<{
      owner: string;
      n: number;
    }>;
    expect(byOwner.map((row) => row.owner)).toEqual(['racer-a', 'racer-b']);
    expect(queue.list({ limit: 100 }).every((job) => job.status === 'succeeded' && job.attempts === 1)).toBe(true);
  });

  it('lets one process wait for a job another process runs', async () => {
    const path = freshStore();
    const job = effect('lab-1', 300);
    const waiter = child(['wait', '--db', path, '--id', String(job.id)]);
    await waiter.line((line) => line.event === 'ready');
    child(['work', '--db', path, '--owner', 'worker']);
    const finished = await waiter.line((line) => line.event === 'finished');
    expect(finished.job).toMatchObject({ id: job.id, status: 'succeeded', result: { owner: 'worker' } });
    expect(await waiter.exited).toEqual({ code: 0, signal: null });
  });

  it('releases the lease of an unfinished job when a worker drains on SIGTERM, so the next one starts it at once', async () => {
    const path = freshStore();
    const job = effect('lab-1', 60_000);
    const quitting = child(['work', '--db', path, '--owner', 'quitting', '--lease', '60000', '--heartbeat', '20000', '--follow']);
    await until(() => (queue.get(job.id)?.progress?.message === 'holding' ? true : undefined));
    quitting.kill('SIGTERM');
    const drained = await quitting.line((line) => line.event === 'drained');
    expect(drained.counts).toMatchObject({ released: 1 });
    expect(queue.get(job.id)).toMatchObject({ status: 'queued', attempts: 0, leaseOwner: null });

    // A 60 s lease would otherwise keep the job from anyone for a minute.
    child(['work', '--db', path, '--owner', 'next', '--follow']);
    await until(() => (queue.get(job.id)?.leaseOwner === 'next' ? true : undefined), 15_000);
    expect(queue.get(job.id)).toMatchObject({ status: 'running', attempts: 1 });
  });
});
