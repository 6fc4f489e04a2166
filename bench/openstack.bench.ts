import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CloudConfigLoader } from '../src/core/openstack/clouds-config/cloud-config-loader';
import type { HeatClient, StackRef } from '../src/core/openstack/heat/heat-client';
import { connect, type OpenStackConnection } from '../src/core/openstack/openstack-client';
import { labWaitOptions } from '../src/core/labs/stack-steps';
import { systemClock } from '../src/core/time/clock';
import { readSandboxState, type SandboxState } from '../test/sandbox/state';
import type { Bench, BenchContext, BenchResult } from './bench';

/**
 * The OpenStack client against the sandbox, beside the reference `openstack` CLI, both run as CLI
 * processes (median of 5): cloud check vs `openstack token issue`, stack list vs `openstack stack
 * list`, delete vs `openstack stack delete --wait --poll 1`. `lab-console` has no stack commands
 * yet, so list and delete run bench/openstack-stacks-cli.ts (the library as a small CLI, bundled
 * like lab-console). Then create, suspend and resume as a lab's jobs run them (the connection's
 * StackOperations with the lab's wait options): the time until they report the action complete,
 * beside the time an independent 50 ms poller, started once Heat accepted the request, first sees
 * Heat report it.
 */
const CLOUD = 'instructor';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TAG = 'lc-bench';

const TEMPLATE = {
  heat_template_version: '2018-08-31',
  resources: {
    secret: { type: 'OS::Heat::RandomString', properties: { length: 8 } },
    marker: { type: 'OS::Heat::None' },
    value: { type: 'OS::Heat::TestResource', properties: { value: 'bench' } },
  },
  outputs: { password: { value: { get_attr: ['secret', 'value'] } } },
};

interface Run {
  readonly ms: number;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(command, args, { env, cwd: ROOT, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ ms: performance.now() - started, code, stdout: stdout.toString(), stderr: stderr.toString() });
    });
  });
}

async function timedProcess(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const result = await run(command, args, env);
  if (result.code !== 0) throw new Error(`${label} failed (exit ${result.code}): ${result.stderr.trim().slice(0, 500)}`);
  return result.ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const round = (n: number): number => Math.round(n);

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(width, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/** Polls Heat every 50 ms, independently of the client's waiter; resolves when it first sees `status`. */
async function pollUntil(heat: HeatClient, ref: StackRef, status: string, started: number, signal: AbortSignal): Promise<number> {
  while (!signal.aborted) {
    const stack = await heat.find(ref, signal).catch(() => undefined);
    if (stack?.status === status) return performance.now() - started;
    if (stack?.statusPart === 'FAILED') throw new Error(`stack ${ref.name} ended ${stack.status}: ${stack.statusReason}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('poller cancelled');
}

/** The poller an afterPost hook started: there is none when the request never reached Heat. */
function sent(poller: Promise<number> | undefined): Promise<number> {
  if (!poller) throw new Error('the request never reached Heat');
  return poller;
}

async function bundleStacksCli(): Promise<string> {
  const outfile = join(ROOT, 'dist', 'bench', 'openstack-stacks-cli.mjs');
  await build({
    entryPoints: [join(ROOT, 'bench', 'openstack-stacks-cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/** `npm run build` (without the UI) when dist/cli is missing; `npm test` and `npm run bench` build it first. */
async function ensureLabConsoleBuilt(context: BenchContext, env: NodeJS.ProcessEnv): Promise<void> {
  if (existsSync(join(ROOT, 'dist', 'cli', 'lab-console.js'))) return;
  context.log('dist/cli is missing: building lab-console');
  await timedProcess('npm run build (CLI only)', process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--skip-renderer'], env);
}

class StackBench {
  constructor(
    private readonly context: BenchContext,
    private readonly connection: OpenStackConnection,
  ) {}

  async createMany(names: readonly string[]): Promise<void> {
    const started = performance.now();
    await pool(names, 10, async (name) => {
      await this.connection.stacks.create({ name, template: TEMPLATE, tags: [TAG] }, { timeoutMs: 300_000 });
    });
    this.context.log(`created ${names.length} stacks in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  async deleteTagged(): Promise<void> {
    // A stack Heat calls DELETE_COMPLETE is gone (the sandbox's Heat on SQLite may keep one by name).
    const stacks = (await this.connection.heat.listAll({ tags: [TAG] })).filter((s) => s.status !== 'DELETE_COMPLETE');
    const started = performance.now();
    await pool(stacks, 10, async (s) => {
      await this.connection.stacks.delete({ name: s.name, id: s.id }, { timeoutMs: 300_000 });
    });
    if (stacks.length) this.context.log(`deleted ${stacks.length} bench stacks in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

const bench: Bench = {
  name: 'openstack',
  needsSandbox: true,
  async run(context: BenchContext): Promise<BenchResult[]> {
    const full = context.size === 'full';
    // Names of this run only: a name Heat still holds from an earlier run cannot collide.
    const runId = randomBytes(3).toString('hex');
    const rounds = full ? 5 : 1;
    const listSize = full ? 200 : 3;
    const state: SandboxState = readSandboxState();
    const home = await mkdtemp(join(tmpdir(), 'lc-bench-openstack-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml,
      OS_CLIENT_SECURE_FILE: state.files.secureYaml,
      OS_CLOUD: CLOUD,
      LAB_CONSOLE_HOME: home,
    };
    const cloud = new CloudConfigLoader({ env, cwd: home, systemDirs: [] }).getCloud(CLOUD);
    const connection = await connect(cloud);
    const pollerConnection = await connect(cloud);
    const stacks = new StackBench(context, connection);
    const results: BenchResult[] = [];
    const ratio = (metric: string, ours: number[], peer: number[], peerName: string): BenchResult => {
      const value = round(median(ours));
      const peerValue = round(median(peer));
      context.log(`${metric}: ours ${value} ms, ${peerName} ${peerValue} ms (${(value / peerValue).toFixed(2)} ×)`);
      return {
        metric,
        value,
        unit: 'ms',
        peer: { name: peerName, value: peerValue },
        target: '≤ 0.25 × peer',
        met: full ? value <= 0.25 * peerValue : undefined,
      };
    };
    try {
      await stacks.deleteTagged();
      await ensureLabConsoleBuilt(context, env);
      const stacksCli = await bundleStacksCli();
      const labConsole = join(ROOT, 'bin', 'lab-console.js');
      const openstack = '/usr/bin/openstack';

      // cloud check vs token issue
      const ours: number[] = [];
      const peer: number[] = [];
      for (let i = 0; i < rounds; i++) {
        ours.push(
          await timedProcess('lab-console cloud check', process.execPath, [labConsole, 'cloud', 'check', '--os-cloud', CLOUD], env),
        );
        peer.push(
          await timedProcess(
            'openstack token issue',
            openstack,
            ['--os-cloud', CLOUD, 'token', 'issue', '-f', 'value', '-c', 'expires'],
            env,
          ),
        );
      }
      results.push(ratio('cloud check (auth + catalog + Heat) vs openstack token issue', ours, peer, 'openstack token issue'));

      // stack list
      await stacks.createMany(Array.from({ length: listSize }, (_, i) => `lc-bench-list-${runId}-${i}`));
      const oursList: number[] = [];
      const peerList: number[] = [];
      for (let i = 0; i < rounds; i++) {
        oursList.push(await timedProcess('stack list (library CLI)', process.execPath, [stacksCli, 'list'], env));
        peerList.push(await timedProcess('openstack stack list', openstack, ['--os-cloud', CLOUD, 'stack', 'list', '-f', 'value'], env));
      }
      results.push(ratio(`stack list (${listSize} stacks) vs openstack stack list`, oursList, peerList, 'openstack stack list'));

      // delete, waiting until gone. heatclient before 3.2 has no --poll: its --wait polls every 5 s.
      const help = await run(openstack, ['stack', 'delete', '--help'], env);
      const hasPoll = help.stdout.includes('--poll');
      const peerDeleteArgs = hasPoll ? ['--wait', '--poll', '1'] : ['--wait'];
      const peerDeleteName = `openstack stack delete ${peerDeleteArgs.join(' ')}${hasPoll ? '' : ' (this heatclient has no --poll; it polls every 5 s)'}`;
      const deleteNames = Array.from({ length: rounds * 2 }, (_, i) => `lc-bench-delete-${runId}-${i}`);
      await stacks.createMany(deleteNames);
      const oursDelete: number[] = [];
      const peerDelete: number[] = [];
      for (let i = 0; i < rounds; i++) {
        oursDelete.push(
          await timedProcess(
            'stack delete --wait (library CLI)',
            process.execPath,
            [stacksCli, 'delete', '--wait', deleteNames[2 * i]!],
            env,
          ),
        );
        peerDelete.push(
          await timedProcess(
            'openstack stack delete',
            openstack,
            ['--os-cloud', CLOUD, 'stack', 'delete', '--yes', ...peerDeleteArgs, deleteNames[2 * i + 1]!],
            env,
          ),
        );
      }
      results.push(ratio('stack delete until gone', oursDelete, peerDelete, peerDeleteName));

      // create, suspend, resume: our "complete" beside Heat's, seen by a 50 ms poller
      const lag: Record<'create' | 'suspend' | 'resume', { ours: number[]; heat: number[] }> = {
        create: { ours: [], heat: [] },
        suspend: { ours: [], heat: [] },
        resume: { ours: [], heat: [] },
      };
      for (let i = 0; i < rounds; i++) {
        const name = `lc-bench-cycle-${runId}-${i}`;
        const abort = new AbortController();
        try {
          const lab = labWaitOptions(abort.signal, systemClock);
          let poller: Promise<number> | undefined;
          let started = performance.now();
          const created = await connection.stacks.create(
            { name, template: TEMPLATE, tags: [TAG] },
            { ...lab, afterPost: (ref) => (poller = pollUntil(pollerConnection.heat, ref, 'CREATE_COMPLETE', started, abort.signal)) },
          );
          lag.create.ours.push(performance.now() - started);
          lag.create.heat.push(await sent(poller));
          const { ref } = created;

          for (const action of ['suspend', 'resume'] as const) {
            const status = `${action.toUpperCase()}_COMPLETE`;
            started = performance.now();
            await connection.stacks[action](ref, {
              ...lab,
              afterPost: () => (poller = pollUntil(pollerConnection.heat, ref, status, started, abort.signal)),
            });
            lag[action].ours.push(performance.now() - started);
            lag[action].heat.push(await sent(poller));
          }
          await connection.stacks.delete(ref);
        } finally {
          abort.abort();
        }
      }
      for (const [action, times] of Object.entries(lag)) {
        const ours = round(median(times.ours));
        const heat = round(median(times.heat));
        context.log(`${action}: ours ${ours} ms to complete, Heat's (50 ms poller) ${heat} ms, +${ours - heat} ms`);
        results.push({
          metric: `${action} → complete (our waiter vs a 50 ms poller)`,
          value: ours,
          unit: 'ms',
          peer: { name: 'Heat, seen by a 50 ms poller', value: heat },
          target: '≤ peer + 300 ms',
          met: full ? ours <= heat + 300 : undefined,
        });
      }
      return results;
    } finally {
      await stacks.deleteTagged().catch((error: unknown) => context.log(`cleanup failed: ${String(error)}`));
      await connection.close();
      await pollerConnection.close();
      await rm(home, { recursive: true, force: true });
    }
  },
};

export default bench;
