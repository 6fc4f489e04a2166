import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { JobEvent } from '../../shared/jobs';
import { PermanentJobError } from './job-errors';
import { defineJob, type JobContext } from './job-registry';
import { deferred, tempQueue, type TempQueue } from './jobs-kit.test-support';
import { ManualClock, settle } from './manual-clock.test-support';

const LabPayload = z.object({ lab: z.string(), n: z.number().int().default(0) });
type LabPayload = z.infer<typeof LabPayload>;

let open: TempQueue | undefined;
afterEach(() => {
  open?.close();
  open = undefined;
});

function labJob(type: string, handler: (payload: LabPayload, ctx: JobContext) => Promise<unknown>, maxAttempts = 3) {
  return defineJob({ type, payload: LabPayload, maxAttempts, key: (p) => p.lab, handler });
}

function setup(definitions: Parameters<typeof tempQueue>[0], clock = new ManualClock()) {
  open = tempQueue(definitions, clock);
  return { ...open, clock };
}

describe('JobWorker scheduling', () => {
  it('runs the jobs of one key one at a time, in order, and different keys side by side', async () => {
    const log: string[] = [];
    const active = new Map<string, number>();
    let maxPerKey = 0;
    let maxOverall = 0;
    const step = labJob('lab.step', async (p) => {
      active.set(p.lab, (active.get(p.lab) ?? 0) + 1);
      maxPerKey = Math.max(maxPerKey, active.get(p.lab)!);
      maxOverall = Math.max(
        maxOverall,
        [...active.values()].reduce((a, b) => a + b, 0),
      );
      log.push(`${p.lab}${p.n}`);
      await settle();
      active.set(p.lab, active.get(p.lab)! - 1);
    });
    const { queue } = setup([step]);
    for (const n of [1, 2, 3]) for (const lab of ['a', 'b']) queue.enqueue(step, { lab, n });
    await queue.worker({ concurrency: 4 }).runUntilIdle();

    expect(maxPerKey).toBe(1);
    expect(maxOverall).toBe(2);
    expect(log.filter((entry) => entry.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(log.filter((entry) => entry.startsWith('b'))).toEqual(['b1', 'b2', 'b3']);
    expect(queue.list().every((job) => job.status === 'succeeded')).toBe(true);
  });

  it('never runs more jobs at once than its concurrency, across keys', async () => {
    const gates = new Map<string, ReturnType<typeof deferred<void>>>();
    const step = labJob('lab.step', async (p) => {
      const gate = deferred();
      gates.set(p.lab, gate);
      await gate.promise;
    });
    const { queue } = setup([step]);
    for (const lab of ['a', 'b', 'c', 'd', 'e']) queue.enqueue(step, { lab, n: 0 });
    const worker = queue.worker({ concurrency: 2 });

    const first = worker.tick();
    expect(first).toHaveLength(2);
    expect(worker.tick()).toHaveLength(0);
    expect(queue.list({ statuses: ['running'] })).toHaveLength(2);
    await settle();
    gates.get('a')!.resolve();
    await first[0];
    expect(worker.tick()).toHaveLength(1);
    expect(
      queue
        .list({ statuses: ['running'] })
        .map((job) => (job.payload as LabPayload).lab)
        .sort(),
    ).toEqual(['b', 'c']);
  });

  it('picks up a job enqueued in this process at once, and one from another process at the next poll', async () => {
    const ran: string[] = [];
    const step = labJob('lab.step', async (p) => void ran.push(p.lab));
    const { queue, clock, openPeer } = setup([step]);
    const worker = queue.worker({ pollMs: 1_000 });
    worker.start();
    await settle();
    queue.enqueue(step, { lab: 'here', n: 0 });
    await settle();
    expect(ran).toEqual(['here']);

    openPeer().enqueue(step, { lab: 'there', n: 0 });
    await clock.advance(999);
    expect(ran).toEqual(['here']);
    await clock.advance(1);
    expect(ran).toEqual(['here', 'there']);
    await worker.drain();
  });
});

describe('JobWorker failures', () => {
  it('retries a failed attempt after a capped, growing backoff and keeps the error until it succeeds', async () => {
    let calls = 0;
    const flaky = labJob(
      'lab.flaky',
      async () => {
        calls++;
        if (calls < 3) throw Object.assign(new Error('connection reset by Heat'), { code: 'ECONNRESET' });
        return { ok: calls };
      },
      5,
    );
    const { queue, clock } = setup([flaky]);
    const worker = queue.worker({ backoff: { baseMs: 1_000, capMs: 1_500, factor: 2 }, random: () => 1 });
    const { job } = queue.enqueue(flaky, { lab: 'a', n: 0 });

    const [first] = worker.tick();
    const firstOutcome = await first!;
    expect(firstOutcome.kind).toBe('retrying');
    expect(firstOutcome.job).toMatchObject({ status: 'queued', attempts: 1, runAfter: clock.now() + 1_000 });
    expect(firstOutcome.job!.error).toEqual({ message: 'connection reset by Heat', kind: 'ECONNRESET' });

    await clock.advance(999);
    expect(worker.tick()).toHaveLength(0);
    await clock.advance(1);
    const secondOutcome = await worker.tick()[0]!;
    // 2 000 ms would be the doubled ceiling; the cap holds it at 1 500.
    expect(secondOutcome.job).toMatchObject({ status: 'queued', attempts: 2, runAfter: clock.now() + 1_500 });

    await clock.advance(1_500);
    const last = await worker.tick()[0]!;
    expect(last.kind).toBe('succeeded');
    expect(queue.get(job.id)).toMatchObject({ status: 'succeeded', attempts: 3, result: { ok: 3 } });
  });

  it('stops at a permanent error and keeps its message and kind', async () => {
    const doomed = labJob(
      'lab.doomed',
      async () => {
        throw new PermanentJobError('Heat refused the template: Unknown resource Type OS::Nova::Sever', 'StackValidationFailed');
      },
      5,
    );
    const { queue } = setup([doomed]);
    const { job } = queue.enqueue(doomed, { lab: 'a', n: 0 });
    await queue.worker().runUntilIdle();
    expect(queue.get(job.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { message: 'Heat refused the template: Unknown resource Type OS::Nova::Sever', kind: 'StackValidationFailed' },
    });
  });

  it('fails for good after maxAttempts, with the last reason', async () => {
    let calls = 0;
    const broken = labJob(
      'lab.broken',
      async () => {
        throw new Error(`attempt ${++calls} failed`);
      },
      2,
    );
    const { queue, clock } = setup([broken]);
    const worker = queue.worker({ backoff: { baseMs: 10, capMs: 10, factor: 2 } });
    const { job } = queue.enqueue(broken, { lab: 'a', n: 0 });
    await worker.tick()[0];
    await clock.advance(10);
    const outcome = await worker.tick()[0]!;
    expect(outcome.kind).toBe('failed');
    expect(queue.get(job.id)).toMatchObject({ status: 'failed', attempts: 2, error: { message: 'attempt 2 failed' } });
  });

  it('fails a job whose stored payload is invalid with a clear reason, and keeps working', async () => {
    const ran: string[] = [];
    const step = labJob('lab.step', async (p) => void ran.push(p.lab));
    const { queue, db } = setup([step]);
    const wrongField = queue.enqueue(step, { lab: 'a', n: 0 }).job;
    const notJson = queue.enqueue(step, { lab: 'b', n: 0 }).job;
    queue.enqueue(step, { lab: 'c', n: 0 });
    db.prepare(`UPDATE jobs SET payload = '{"lab": 42}' WHERE id = ?`).run(wrongField.id);
    db.prepare(`UPDATE jobs SET payload = 'not json' WHERE id = ?`).run(notJson.id);

    await queue.worker().runUntilIdle();
    expect(ran).toEqual(['c']);
    const first = queue.get(wrongField.id)!;
    expect(first).toMatchObject({ status: 'failed', error: { kind: 'invalid_payload' } });
    expect(first.error!.message).toContain('"lab.step"');
    expect(first.error!.message).toContain('lab:');
    expect(queue.get(notJson.id)!.error).toMatchObject({ kind: 'invalid_payload', message: expect.stringContaining('not JSON') });
  });

  it('refuses to enqueue an invalid payload, naming the field, and stores nothing', () => {
    const step = labJob('lab.step', async () => undefined);
    const { queue } = setup([step]);
    // As from a caller that bypassed the types (a payload read from elsewhere), and a type no one registered.
    expect(() => queue.enqueue(step, { lab: 7 } as unknown as LabPayload)).toThrow(/"lab.step" job is invalid: lab:/);
    expect(() => queue.enqueue({ ...step, type: 'lab.nope' }, { lab: 'a', n: 0 })).toThrow(/no job type "lab.nope"/);
    expect(queue.list()).toHaveLength(0);
  });
});

describe('JobWorker progress', () => {
  it('stores the last progress on the row and tells listeners', async () => {
    const events: JobEvent[] = [];
    const step = labJob('lab.step', async (_p, ctx) => {
      ctx.progress({ fraction: 0.25, message: 'creating the stack' });
      ctx.progress({ fraction: 1.7, message: 'waiting for SSH' });
    });
    const { queue, clock } = setup([step]);
    queue.on((event) => events.push(event));
    const { job } = queue.enqueue(step, { lab: 'a', n: 0 });
    await queue.worker().runUntilIdle();

    expect(queue.get(job.id)!.progress).toEqual({ fraction: 1, message: 'waiting for SSH', at: clock.now() });
    expect(events.map((event) => event.kind)).toEqual(['enqueued', 'started', 'progress', 'progress', 'finished']);
    expect(events[2]!.job.progress).toMatchObject({ fraction: 0.25, message: 'creating the stack' });
  });
});
