import { performance } from 'node:perf_hooks';
import { labStackName } from '../src/core/labs/lab-identity';
import { runningHours, runningIntervals } from '../src/core/labs/lab-usage';
import { connect, type OpenStackConnection } from '../src/core/openstack/openstack-client';
import type { StackRef } from '../src/core/openstack/heat/heat-client';
import type { Clock } from '../src/core/time/clock';
import { FAST_WORKER, labHarness, type LabHarness } from '../test/support/lab-harness';
import { readSandboxState, type SandboxState } from '../test/sandbox/state';
import { CloudConfigLoader } from '../src/core/openstack/clouds-config/cloud-config-loader';
import type { Bench, BenchContext, BenchResult } from './bench';

/**
 * The lab engine against the sandbox.
 * 1. Heat-complete → lab-ready: an independent poller reads the stack every 50 ms on its own
 *    connection; we take the time it first sees *_COMPLETE and the time the engine calls the lab
 *    ready (after its readiness probe), for a create and a resume.
 * 2. A simulated month: the engine on a clock that jumps over idle time; sessions of 30–45 min every
 *    one or two days, the default suspend_timeout, the app quit after half of the sessions and left
 *    open after the others. Billed running hours (from the ledger, in the clock's time) ÷ the hours
 *    the learner was active; the number of suspend/resume cycles is cross-checked with Heat's events.
 */
const USER = 'learner3';
const COURSE = 'intro-linux';

/** Real time plus jumps: Heat's work takes real seconds, the learner's absences take none. */
class JumpingClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
  jump(ms: number): void {
    this.offset += ms;
  }
}

async function independentConnection(state: SandboxState): Promise<OpenStackConnection> {
  const loader = new CloudConfigLoader({
    env: { OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml, OS_CLIENT_SECURE_FILE: state.files.secureYaml },
    cwd: process.cwd(),
    systemDirs: [],
  });
  return connect(loader.getCloud(USER));
}

/** Polls every 50 ms until the stack shows `status`; resolves with the performance.now() of that first sight. */
function poller(conn: OpenStackConnection, name: string, status: string, stop: AbortSignal): Promise<number | undefined> {
  return (async () => {
    while (!stop.aborted) {
      // The send time of the poll that first sees it: Heat finished no later than the answer, and
      // under load the answer itself can take longer than the engine's own reaction.
      const sent = performance.now();
      const stack = await conn.heat.find(name).catch(() => undefined);
      if (stack?.status === status) return sent;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  })();
}

async function readyLatency(
  h: LabHarness,
  conn: OpenStackConnection,
  stackName: string,
  type: 'lab.launch' | 'lab.resume',
  status: string,
): Promise<{ latencyMs: number; probeMs: number }> {
  const stop = new AbortController();
  const seen = poller(conn, stackName, status, stop.signal);
  let probeStart = 0;
  let readyAt = 0;
  const off = h.service.queue.on((event) => {
    const message = event.job.progress?.message;
    if (event.kind === 'progress' && message === 'Waiting for the lab to answer') probeStart = performance.now();
    if (event.kind === 'progress' && message === 'Lab ready') readyAt = performance.now();
  });
  const job = await h.run(type, COURSE);
  off();
  stop.abort();
  if (job.status !== 'succeeded') throw new Error(`${type} failed: ${job.error?.message}`);
  const heatComplete = await seen;
  if (heatComplete === undefined) throw new Error(`the poller never saw ${status}`);
  return { latencyMs: readyAt - heatComplete, probeMs: readyAt - probeStart };
}

export async function benchReady(state: SandboxState, context: BenchContext): Promise<BenchResult[]> {
  const rounds = context.size === 'tiny' ? 1 : 3;
  const h = await labHarness({ state, clouds: [{ name: 'bench', user: USER }] });
  const conn = await independentConnection(state);
  const stackName = labStackName(COURSE, (await conn.keystone.token()).user.id);
  const create: number[] = [];
  const resume: number[] = [];
  const probes: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const c = await readyLatency(h, conn, stackName, 'lab.launch', 'CREATE_COMPLETE');
      create.push(c.latencyMs);
      probes.push(c.probeMs);
      if ((await h.run('lab.suspend', COURSE)).status !== 'succeeded') throw new Error('suspend failed');
      const r = await readyLatency(h, conn, stackName, 'lab.resume', 'RESUME_COMPLETE');
      resume.push(r.latencyMs);
      probes.push(r.probeMs);
      await h.run('lab.delete', COURSE);
      context.log(`round ${i + 1}: create → ready ${c.latencyMs.toFixed(0)} ms, resume → ready ${r.latencyMs.toFixed(0)} ms`);
    }
  } finally {
    await h.run('lab.delete', COURSE).catch(() => undefined);
    await h.close();
    await conn.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const probe = median(probes);
  return [
    {
      metric: 'Heat CREATE_COMPLETE → lab ready (median, incl. probe)',
      value: Math.round(median(create)),
      unit: 'ms',
      target: `≤ 1000 ms + probe (${Math.round(probe)} ms)`,
      met: median(create) <= 1000 + probe,
    },
    {
      metric: 'Heat RESUME_COMPLETE → lab ready (median, incl. probe)',
      value: Math.round(median(resume)),
      unit: 'ms',
      target: `≤ 1000 ms + probe (${Math.round(probe)} ms)`,
      met: median(resume) <= 1000 + probe,
    },
    { metric: 'readiness probe (SSH banner + RDP port, median)', value: Math.round(probe), unit: 'ms' },
  ];
}

async function benchMonth(state: SandboxState, context: BenchContext): Promise<BenchResult[]> {
  const clock = new JumpingClock();
  const h = await labHarness({ state, clouds: [{ name: 'month', user: USER }], clock });
  const conn = await independentConnection(state);
  const worker = h.service.queue.worker(FAST_WORKER);
  const sessions = context.size === 'tiny' ? 2 : 20;
  const MIN = 60_000;
  let activeMs = 0;
  let stackRef: StackRef | undefined;
  try {
    for (let s = 0; s < sessions; s++) {
      // Every one or two days, 30–45 minutes (a fixed pseudo-random scenario).
      const length = (30 + ((s * 7) % 16)) * MIN;
      const job = await h.run('lab.launch', COURSE);
      if (job.status !== 'succeeded') throw new Error(`launch failed: ${job.error?.message}`);
      const lab = h.service.store.latestForCourse(COURSE)!;
      stackRef ??= { name: lab.stackName, id: lab.stackId! };
      const start = clock.now();
      for (let t = 0; t < length; t += MIN) {
        clock.jump(MIN);
        h.service.policies.activity();
        h.service.policies.tick();
      }
      activeMs += clock.now() - start;
      if (s % 2 === 0) {
        h.service.policies.suspendAll(); // the learner quits the app
      } else {
        // The app stays open: only the idle deadline suspends the lab.
        while (h.service.store.latestForCourse(COURSE)!.group === 'up' && h.service.queue.list({ statuses: ['queued'] }).length === 0) {
          clock.jump(15_000);
          h.service.policies.tick();
        }
      }
      await worker.runUntilIdle();
      const after = h.service.store.latestForCourse(COURSE)!;
      if (after.state !== 'SUSPEND_COMPLETE') throw new Error(`session ${s + 1}: lab ended in ${after.state}`);
      clock.jump((s % 3 === 2 ? 2 : 1) * 86_400_000 - length);
      context.log(`session ${s + 1}/${sessions}: ${Math.round(length / MIN)} min, ${s % 2 === 0 ? 'quit' : 'left open'}`);
    }
    const ledger = h.service.store.ledger({ courseId: COURSE });
    const billed = runningHours(ledger, clock.now());
    const intervals = runningIntervals(ledger, clock.now()).length;
    const events = stackRef ? await conn.heat.events(stackRef, { limit: 1000 }) : [];
    const suspends = events.filter((e) => e.isStackEvent && e.status === 'SUSPEND_COMPLETE').length;
    const ratio = billed / (activeMs / 3_600_000);
    context.log(
      `billed ${billed.toFixed(2)} h for ${(activeMs / 3_600_000).toFixed(2)} active h; ${intervals} running intervals, Heat shows ${suspends} suspends`,
    );
    return [
      {
        metric: `simulated month (${sessions} sessions): billed running h ÷ active h`,
        value: Number(ratio.toFixed(3)),
        unit: '×',
        target: '≤ 1.1',
        met: ratio <= 1.1,
      },
      {
        metric: 'running intervals in the ledger vs SUSPEND_COMPLETE events in Heat',
        value: intervals,
        unit: 'intervals',
        peer: { name: 'Heat suspends', value: suspends },
        target: 'equal',
        met: intervals === suspends,
      },
    ];
  } finally {
    await worker.drain(0);
    await h.run('lab.delete', COURSE).catch(() => undefined);
    await h.close();
    await conn.close();
  }
}

const bench: Bench = {
  name: 'labs',
  needsSandbox: true,
  async run(context) {
    const state = readSandboxState();
    return [...(await benchReady(state, context)), ...(await benchMonth(state, context))];
  },
};

export default bench;
