import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineJob } from './job-registry';
import { deferred, tempQueue, type TempQueue } from './jobs-kit.test-support';
import { ManualClock, settle } from './manual-clock.test-support';
import { runOrWait } from './run-or-wait';

let open: TempQueue | undefined;
afterEach(() => {
  open?.close();
  open = undefined;
});

function setup(handler: (attempt: number, owner: string) => Promise<unknown>) {
  const clock = new ManualClock();
  const calls: string[] = [];
  const launch = (owner: string) =>
    defineJob({
      type: 'lab.launch',
      payload: z.object({ lab: z.string() }),
      maxAttempts: 3,
      key: (p) => p.lab,
      handler: async (_p, ctx) => {
        calls.push(owner);
        return handler(ctx.attempt, owner);
      },
    });
  const cliLaunch = launch('cli');
  open = tempQueue([cliLaunch], clock);
  const cli = open.queue.worker({ owner: 'cli', backoff: { baseMs: 1_000, capMs: 1_000, factor: 1 }, random: () => 1 });
  const app = open.openPeer([launch('app')]).worker({ owner: 'app', leaseMs: 3_000, heartbeatMs: 1_000 });
  const { job } = open.queue.enqueue(cliLaunch, { lab: 'linux-101' });
  return { clock, calls, cli, app, job, store: open.store };
}

describe('runOrWait', () => {
  it('runs a free job in this process', async () => {
    const { cli, job, calls } = setup(async () => 'ready');
    expect(await runOrWait(cli, job.id)).toMatchObject({ status: 'succeeded', result: 'ready' });
    expect(calls).toEqual(['cli']);
  });

  it('joins a job another worker runs and resolves with its end', async () => {
    const gate = deferred();
    const { cli, app, job, calls, clock } = setup(async () => gate.promise.then(() => 'ready'));
    app.tick();
    await settle();
    let ended = false;
    const waiting = runOrWait(cli, job.id).finally(() => (ended = true));
    await settle();
    gate.resolve();
    // The holder is another connection (as another process would be): its end is seen by polling.
    await clock.advance(50);
    expect(ended).toBe(true);
    expect(await waiting).toMatchObject({ status: 'succeeded', leaseOwner: null });
    expect(calls).toEqual(['app']);
  });

  it('runs the retry here once its backoff has passed', async () => {
    const { cli, job, calls, clock } = setup(async (attempt) => {
      if (attempt === 1) throw new Error('Heat answered 503');
      return 'ready';
    });
    const waiting = runOrWait(cli, job.id);
    await clock.advance(1_000);
    expect(await waiting).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(calls).toEqual(['cli', 'cli']);
  });

  it('takes over a job whose holder died, once its lease has passed', async () => {
    const { cli, job, calls, clock, store } = setup(async () => 'ready');
    store.claim({ owner: 'killed-app', types: ['lab.launch'], leaseMs: 3_000, now: clock.now() });
    const waiting = runOrWait(cli, job.id, { pollMs: 100 });
    await clock.advance(3_001);
    expect(await waiting).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(calls).toEqual(['cli']);
  });
});
