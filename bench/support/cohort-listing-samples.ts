import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult, Reference } from '../bench';
import { cohortFloorPlan } from './cohort-floor-plan';
import type { FloorCloud } from './undici-floor-login';
import { median, round } from './stats';
import { benchTools, labConsoleLauncher, timedLauncher, timedNode, timedRun, type TimedRun } from './timed-process';

/** One round: `cohort list` in a new data folder and again in the same, each beside its undici floor. */
interface Round {
  readonly first: TimedRun;
  readonly again: TimedRun;
  readonly firstFloor: TimedRun;
  readonly againFloor: TimedRun;
  readonly nodeStart: number;
}

export interface ListingSamples {
  readonly rounds: readonly Round[];
  /** The labs each run of ours listed. */
  readonly listed: readonly number[];
}

/**
 * `lab-console cohort list --course <course>` as users run it, `rounds` times: in a new data folder
 * (the first listing on a machine), then again in the same one (kept events, only newer ones asked
 * for); after each, the same requests again from bench/support/undici-cohort-floor.ts, and node's
 * bare start-up — all in the same round, so that each figure has its floors measured beside it.
 */
export async function sampleCohortListing(options: {
  readonly rounds: number;
  readonly dir: string;
  readonly course: string;
  readonly env: NodeJS.ProcessEnv;
  readonly instructor: FloorCloud;
  readonly concurrency: number;
}): Promise<ListingSamples> {
  const { undiciCohortFloor } = await benchTools();
  const cli = labConsoleLauncher();
  const identityPath = new URL(options.instructor.tokensUrl).pathname.replace(/\/auth\/tokens$/, '');
  const floorEnv = { ...options.env, LAB_BENCH_FLOOR_CLOUD: JSON.stringify(options.instructor) };
  const rounds: Round[] = [];
  const listed: number[] = [];
  const floorOf = async (run: TimedRun, name: string) => {
    const plan = join(options.dir, `${name}.json`);
    writeFileSync(plan, JSON.stringify(cohortFloorPlan(run.exchanges ?? [], identityPath)));
    return timedNode(`undici alone, the requests of ${name}`, undiciCohortFloor, [String(options.concurrency)], {
      ...floorEnv,
      LAB_BENCH_FLOOR_PLAN: plan,
    });
  };
  for (let i = 0; i < options.rounds; i++) {
    const home = join(options.dir, `home-${i}`);
    mkdirSync(home, { recursive: true });
    const args = ['--home', home, '--os-cloud', 'instructor', '--json', 'cohort', 'list', '--course', options.course];
    const first = await timedLauncher('lab-console cohort list', cli, args, options.env);
    const again = await timedLauncher('lab-console cohort list (again)', cli, args, options.env);
    for (const run of [first, again]) listed.push((JSON.parse(run.stdout) as { labs: unknown[] }).labs.length);
    const firstFloor = await floorOf(first, `first-${i}`);
    const againFloor = await floorOf(again, `again-${i}`);
    const nodeStart = (await timedRun('node -e ""', process.execPath, ['-e', ''], options.env)).ms;
    rounds.push({ first, again, firstFloor, againFloor, nodeStart });
  }
  return { rounds, listed };
}

const medianOf = (runs: readonly TimedRun[], pick: (run: TimedRun) => number) => round(median(runs.map(pick)));

/**
 * The goal for every CLI operation — within 50 ms (or 10 %, the larger) of the server time
 * it waited on — for one of the two listings, with the undici floor's own distance to its server time
 * and node's bare start-up beside it: what no node program sending these requests goes under.
 */
export function listingAtServerFloor(
  metric: string,
  samples: ListingSamples,
  which: 'first' | 'again',
  peer: Reference,
  judged: { readonly ratio: boolean; readonly floor: boolean },
): BenchResult[] {
  const ours = samples.rounds.map((r) => r[which]);
  const floors = samples.rounds.map((r) => (which === 'first' ? r.firstFloor : r.againFloor));
  const value = medianOf(ours, (r) => r.ms);
  const server = medianOf(ours, (r) => r.server.ms);
  const floor = medianOf(floors, (r) => r.ms);
  const floorServer = medianOf(floors, (r) => r.server.ms);
  const nodeStart = round(median(samples.rounds.map((r) => r.nodeStart)));
  // Per run, then the median: Heat's own time moves a listing's by hundreds of ms from run to run.
  const over = medianOf(ours, (r) => r.ms - r.server.ms);
  const floorOver = medianOf(floors, (r) => r.ms - r.server.ms);
  const beyondFloor = round(
    median(samples.rounds.map((r, i) => r[which].ms - r[which].server.ms - (floors[i]!.ms - floors[i]!.server.ms))),
  );
  const allowance = Math.max(50, 0.1 * server);
  const at = (value: number | undefined) => (value === undefined ? '?' : `${Math.round(value)} ms`);
  const outside = (runs: readonly TimedRun[]) =>
    `before the first request ${at(medianOf(runs, (r) => r.server.beforeFirstMs ?? NaN))}, none under way between ${at(
      medianOf(runs, (r) => r.server.idleMs ?? NaN),
    )}, after the last ${at(medianOf(runs, (r) => r.server.afterLastMs ?? NaN))}`;
  return [
    {
      metric,
      value,
      unit: 'ms',
      server,
      peer,
      notes: [`${medianOf(ours, (r) => r.server.requests)} requests`, outside(ours), `medians of ${ours.length} runs`],
      target: '≤ 0.25 × peer',
      met: judged.ratio ? value <= 0.25 * peer.value : undefined,
    },
    {
      metric: `${metric}: at the server's floor`,
      value,
      unit: 'ms',
      server,
      floor: { name: 'a bare undici program sending the same requests', value: floor, server: floorServer },
      notes: [
        `ours − its server time ${over} ms (${round((100 * over) / server, 1)} %)`,
        `undici program − its server time ${floorOver} ms (${round((100 * floorOver) / floorServer, 1)} %), of which node's bare start-up ${nodeStart} ms`,
        `undici program: ${outside(floors)}`,
        `ours beyond the undici program, each over its server time ${beyondFloor} ms`,
        `medians of ${ours.length} runs`,
      ],
      target: `≤ server + ${Math.round(allowance)} ms`,
      met: judged.floor ? over <= allowance : undefined,
    },
  ];
}
