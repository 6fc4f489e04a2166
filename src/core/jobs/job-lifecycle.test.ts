import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { JobAbortedError } from './job-errors';
import { defineJob, type JobContext } from './job-registry';
import { deferred, tempQueue, type TempQueue } from './jobs-kit.test-support';
import { ManualClock, settle } from './manual-clock.test-support';

const LabPayload = z.object({ lab: z.string() });
type LabPayload = z.infer<typeof LabPayload>;

let open: TempQueue | undefined;
afterEach(() => {
  open?.close();
  open = undefined;
});

function labJob(type: string, handler: (payload: LabPayload, ctx: JobContext) => Promise<unknown>, maxAttempts = 3) {
  return defineJob({ type, payload: LabPayload, maxAttempts, key: (p) => p.lab, dedupeKey: (p) => `${type}:${p.lab}`, handler });
}

/** Waits on the injected clock, so only the test (or the job's signal) ends the wait. */
const waitForever = labJob('lab.wait', async (_p, ctx) => ctx.clock.sleep(3_600_000, ctx.signal));

function setup(definitions: Parameters<typeof tempQueue>[0] = [waitForever], clock = new ManualClock()) {
  open = tempQueue(definitions, clock);
  return { ...open, clock };
}

describe('cancel', () => {
  it('cancels a queued job at once, so no worker runs it', async () => {
    const { queue } = setup();
    const { job } = queue.enqueue(waitForever, { lab: 'a' });
    expect(queue.cancel(job.id)).toMatchObject({ status: 'cancelled', finishedAt: expect.any(Number) });
    expect(queue.worker().tick()).toHaveLength(0);
  });

  it('aborts a running handler in this process, which then ends as cancelled', async () => {
    const { queue } = setup();
    const { job } = queue.enqueue(waitForever, { lab: 'a' });
    const [running] = queue.worker().tick();
    await settle();
    expect(queue.cancel(job.id).cancelRequested).toBe(true);
    expect(await running!).toMatchObject({ kind: 'cancelled', job: { status: 'cancelled' } });
  });

  it('reaches a handler running in another process at its next heartbeat', async () => {
    const { queue, clock, openPeer } = setup();
    const { job } = queue.enqueue(waitForever, { lab: 'a' });
    const [running] = queue.worker({ leaseMs: 3_000, heartbeatMs: 1_000 }).tick();
    await settle();
    expect(openPeer().cancel(job.id)).toMatchObject({ status: 'running', cancelRequested: true });
    await clock.advance(1_000);
    expect(await running!).toMatchObject({ kind: 'cancelled', job: { status: 'cancelled' } });
  });

  it('cancels at once a running job whose worker died', async () => {
    const { queue, clock, store } = setup();
    const { job } = queue.enqueue(waitForever, { lab: 'a' });
    store.claim({ owner: 'killed-worker', types: ['lab.wait'], leaseMs: 1_000, now: clock.now() });
    await clock.advance(1_001);
    expect(queue.cancel(job.id).status).toBe('cancelled');
  });
});

describe('dedupe', () => {
  it('joins a second launch of a lab to the queued or running one, and starts afresh once it ended', async () => {
    const { queue, openPeer } = setup();
    const first = queue.enqueue(waitForever, { lab: 'a' });
    expect(first.joined).toBe(false);
    expect(queue.enqueue(waitForever, { lab: 'a' })).toMatchObject({ joined: true, job: { id: first.job.id } });
    expect(queue.enqueue(waitForever, { lab: 'b' }).joined).toBe(false);

    const [running] = queue.worker().tick();
    await settle();
    // Another process sharing the file joins too.
    expect(openPeer().enqueue(waitForever, { lab: 'a' })).toMatchObject({ joined: true, job: { id: first.job.id, status: 'running' } });

    queue.cancel(first.job.id);
    await running;
    const again = queue.enqueue(waitForever, { lab: 'a' });
    expect(again.joined).toBe(false);
    expect(again.job.id).not.toBe(first.job.id);
  });
});

describe('waitFor', () => {
  it('resolves from this process’s events without waiting for a poll', async () => {
    const step = labJob('lab.step', async () => ({ ready: true }));
    const { queue } = setup([step]);
    const { job } = queue.enqueue(step, { lab: 'a' });
    // The manual clock never advances, so only the event can end this wait.
    const waiting = queue.waitFor(job.id);
    await queue.worker().runUntilIdle();
    expect(await waiting).toMatchObject({ id: job.id, status: 'succeeded', result: { ready: true } });
  });

  it('sees a job finished through another connection by polling the table', async () => {
    const step = labJob('lab.step', async () => 'done');
    const { queue, clock, openPeer } = setup([step]);
    const { job } = queue.enqueue(step, { lab: 'a' });
    let result: unknown;
    void queue.waitFor(job.id, { pollMs: 100 }).then((record) => (result = record.status));
    const peer = openPeer();
    await peer.worker().runUntilIdle();
    await settle();
    expect(result).toBeUndefined();
    await clock.advance(100);
    expect(result).toBe('succeeded');
  });

  it('stops waiting when its signal aborts', async () => {
    const { queue } = setup();
    const { job } = queue.enqueue(waitForever, { lab: 'a' });
    const controller = new AbortController();
    const waiting = queue.waitFor(job.id, { signal: controller.signal });
    controller.abort(new Error('the user pressed Ctrl+C'));
    await expect(waiting).rejects.toThrow('the user pressed Ctrl+C');
  });
});

describe('leases', () => {
  it('hands a killed worker’s job to another worker once its lease has passed, counting the attempt', async () => {
    const effects: string[] = [];
    const step = labJob('lab.step', async (p) => void effects.push(p.lab));
    const { queue, clock, store } = setup([step]);
    const { job } = queue.enqueue(step, { lab: 'a' });
    // A worker claims the job and dies: no heartbeat, no release.
    store.claim({ owner: 'killed-worker', types: ['lab.step'], leaseMs: 5_000, now: clock.now() });

    const survivor = queue.worker();
    expect(survivor.tick()).toHaveLength(0);
    await clock.advance(5_001);
    expect(await survivor.tick()[0]!).toMatchObject({ kind: 'succeeded', job: { attempts: 2, leaseOwner: null } });
    expect(effects).toEqual(['a']);
    expect(queue.get(job.id)!.status).toBe('succeeded');
  });

  it('keeps a live job’s lease alive with heartbeats, so no one else takes it', async () => {
    const { queue, clock, openPeer } = setup();
    const { job } = queue.enqueue(waitForever, { lab: 'a' });
    const owner = queue.worker({ leaseMs: 3_000, heartbeatMs: 1_000 });
    const [running] = owner.tick();
    await clock.advance(10_000);
    expect(openPeer().worker().tick()).toHaveLength(0);
    expect(queue.get(job.id)).toMatchObject({ status: 'running', leaseOwner: owner.owner, leaseUntil: clock.now() + 3_000 });
    queue.cancel(job.id);
    await running;
  });

  it('gives up on a job whose worker keeps dying, instead of crash-looping', async () => {
    const step = labJob('lab.step', async () => undefined, 2);
    const { queue, clock, store } = setup([step]);
    const { job } = queue.enqueue(step, { lab: 'a' });
    for (const owner of ['killed-1', 'killed-2']) {
      expect(store.claim({ owner, types: ['lab.step'], leaseMs: 1_000, now: clock.now() }).claimed).toBeDefined();
      await clock.advance(1_001);
    }
    expect(queue.worker().tick()).toHaveLength(0);
    expect(queue.get(job.id)).toMatchObject({ status: 'failed', attempts: 2, error: { kind: 'lease_expired' } });
  });

  it('discards the result of a handler whose lease another worker took over', async () => {
    const gate = deferred();
    let reason: unknown;
    const step = labJob('lab.step', async (_p, ctx) => {
      ctx.signal.addEventListener('abort', () => (reason = ctx.signal.reason));
      await gate.promise;
      return 'stale';
    });
    const { queue, clock, db } = setup([step]);
    const { job } = queue.enqueue(step, { lab: 'a' });
    const [running] = queue.worker({ leaseMs: 3_000, heartbeatMs: 1_000 }).tick();
    await settle();
    db.prepare(`UPDATE jobs SET lease_owner = 'other-worker' WHERE id = ?`).run(job.id);
    await clock.advance(1_000);
    expect(reason).toBeInstanceOf(JobAbortedError);
    expect((reason as JobAbortedError).reason).toBe('lease-lost');
    gate.resolve();
    expect(await running!).toMatchObject({ kind: 'lost', job: undefined });
    expect(queue.get(job.id)).toMatchObject({ status: 'running', leaseOwner: 'other-worker', result: null });
  });

  it('runs one given job in-process, unless another worker holds it', async () => {
    const step = labJob('lab.step', async () => 'ran here');
    const { queue, clock, store } = setup([step, waitForever]);
    const mine = queue.enqueue(step, { lab: 'a' }).job;
    const held = queue.enqueue(waitForever, { lab: 'b' }).job;
    store.claim({ owner: 'app-worker', types: ['lab.wait'], leaseMs: 30_000, now: clock.now() });
    const worker = queue.worker();
    expect(worker.runJob(held.id)).toBeUndefined();
    expect(await worker.runJob(mine.id)).toMatchObject({ kind: 'succeeded', job: { result: 'ran here' } });
  });
});

describe('drain', () => {
  it('ends as cancelled a job handed back after someone asked to cancel it', async () => {
    const stuck = deferred();
    const ignoresSignal = labJob('lab.stubborn', async () => stuck.promise);
    const { queue, openPeer } = setup([ignoresSignal]);
    const { job } = queue.enqueue(ignoresSignal, { lab: 'a' });
    const worker = queue.worker({ leaseMs: 60_000 });
    worker.tick();
    await settle();
    // From another process: only flagged, since the owner's heartbeat has not come round yet.
    openPeer().cancel(job.id);
    expect(await worker.drain(0)).toEqual({ released: 1 });
    expect(queue.get(job.id)).toMatchObject({ status: 'cancelled', leaseOwner: null, finishedAt: expect.any(Number) });
    stuck.resolve();
  });

  it('stops claiming, lets handlers that honour the signal stop, and releases every unfinished lease', async () => {
    const stubborn = deferred();
    const ignoresSignal = labJob('lab.stubborn', async () => {
      await stubborn.promise;
      return 'late';
    });
    const { queue, clock, openPeer } = setup([waitForever, ignoresSignal]);
    const polite = queue.enqueue(waitForever, { lab: 'a' }).job;
    const rude = queue.enqueue(ignoresSignal, { lab: 'b' }).job;
    const worker = queue.worker({ leaseMs: 60_000 });
    worker.start();
    await settle();
    expect(worker.activeCount).toBe(2);

    const draining = worker.drain(5_000);
    await settle();
    queue.enqueue(waitForever, { lab: 'c' });
    await clock.advance(5_000);
    expect(await draining).toEqual({ released: 1 });
    expect(worker.counts).toMatchObject({ released: 2 });

    for (const id of [polite.id, rude.id]) {
      // Due now, attempt not counted, no owner: the next start needn't wait out a 60 s lease.
      const job = queue.get(id)!;
      expect(job).toMatchObject({ status: 'queued', attempts: 0, leaseOwner: null, leaseUntil: null });
      expect(job.runAfter).toBeLessThanOrEqual(clock.now());
    }
    expect(queue.list({ statuses: ['queued'] })).toHaveLength(3);

    const next = openPeer().worker();
    expect(next.tick()).toHaveLength(3);
    stubborn.resolve();
    await settle();
    // The old handler's late result does not overwrite the new run.
    expect(queue.get(rude.id)).toMatchObject({ status: 'succeeded', attempts: 1, leaseOwner: null });
    expect(worker.counts.lost).toBe(1);
    await next.drain(0);
  });
});

describe('pruning', () => {
  it('forgets ended jobs older than the cut-off and keeps recent and unfinished ones', async () => {
    const step = labJob('lab.step', async () => undefined);
    const { queue, clock, store } = setup([step, waitForever]);
    const old = queue.enqueue(step, { lab: 'old' }).job;
    await queue.worker().runUntilIdle();
    await clock.advance(60_000);
    const recent = queue.enqueue(step, { lab: 'recent' }).job;
    await queue.worker().runUntilIdle();
    const waiting = queue.enqueue(waitForever, { lab: 'waiting' }).job;
    expect(store.pruneFinished(clock.now() - 30_000)).toBe(1);
    expect(queue.get(old.id)).toBeUndefined();
    expect(
      queue
        .list()
        .map((job) => job.id)
        .sort((a, b) => a - b),
    ).toEqual([recent.id, waiting.id]);
  });
});
