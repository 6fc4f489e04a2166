import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { cliBundling } from '../../scripts/cli-bundling.mjs';
import { buildSnapshotBlob } from '../../scripts/cli-snapshot.mjs';
import type { TimingLine } from './http-timing-preload';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PYTHON = '/usr/bin/python3';
export const OPENSTACK = '/usr/bin/openstack';
export const PEERS = join(ROOT, 'bench', 'peers');

/** What a process waited on: its HTTP exchanges as seen on the wire. */
export interface ServerTime {
  /**
   * Time during which at least one request was out (sent, its response headers not yet back): the
   * sum of the response times where requests ran one after the other, no more where they overlapped.
   */
  readonly ms: number;
  readonly requests: number;
  /** From the process's start until its first request left: its own start-up. */
  readonly beforeFirstMs?: number;
  /** Time between its first request and its last response's end during which no exchange was under way. */
  readonly idleMs?: number;
  /** From its last response's end until it exited (its output, its shutdown). */
  readonly afterLastMs?: number;
}

/** The length of the union of [start, end] intervals. */
export function coveredMs(intervals: readonly (readonly [number, number])[]): number {
  let total = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

export interface TimedRun {
  /** Wall time from spawn until the process ended. */
  readonly ms: number;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly server: ServerTime;
  /** Its HTTP exchanges, one line each (http-timing-preload.ts), and its exit; none for the `openstack` CLI (its own --timing). */
  readonly exchanges?: readonly TimingLine[];
}

interface BenchTools {
  readonly preload: string;
  readonly memoryProbe: string;
  /** The library's stack CLI (bench/openstack-stacks-cli.ts): its start-up snapshot, run with timedSnapshot. */
  readonly stacksCli: string;
  readonly sshEchoClient: string;
  /** The practical floor of `cloud check` and stack list: their requests with undici alone (bench/support/undici-floor.ts). */
  readonly undiciFloor: string;
  /** The practical floor of `cohort list`: one run's requests again with undici alone (bench/support/undici-cohort-floor.ts). */
  readonly undiciCohortFloor: string;
}

let built: Promise<BenchTools> | undefined;

/**
 * Builds, once per run, the programs the benches run as processes into dist/bench: the HTTP timing
 * and memory probe preloads, the SSH echo client, the undici floor of the OpenStack commands
 * (bundled exactly as lab-console's chunks are) and the library's stack CLI (a start-up snapshot
 * built as lab-console's is, which is what bin/lab-console starts).
 */
export function benchTools(): Promise<BenchTools> {
  built ??= (async () => {
    const outdir = join(ROOT, 'dist', 'bench');
    const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning', absWorkingDir: ROOT } as const;
    await Promise.all([
      build({
        ...common,
        entryPoints: {
          'http-timing-preload': 'bench/support/http-timing-preload.ts',
          'memory-probe-preload': 'bench/support/memory-probe-preload.ts',
          'ssh-echo-client': 'bench/support/ssh-echo-client.ts',
        },
        outdir,
        outExtension: { '.js': '.mjs' },
        packages: 'external',
      }),
      buildSnapshotBlob(
        ROOT,
        'bench/openstack-stacks-cli.ts',
        join(outdir, 'stacks-cli', 'openstack-stacks-cli.cjs'),
        join(outdir, 'stacks-cli', 'openstack-stacks-cli.blob'),
      ),
      build({
        ...common,
        ...cliBundling,
        entryPoints: { 'undici-floor': 'bench/support/undici-floor.ts', 'undici-cohort-floor': 'bench/support/undici-cohort-floor.ts' },
        outdir,
        outExtension: { '.js': '.mjs' },
      }),
    ]);
    return {
      preload: join(outdir, 'http-timing-preload.mjs'),
      memoryProbe: join(outdir, 'memory-probe-preload.mjs'),
      sshEchoClient: join(outdir, 'ssh-echo-client.mjs'),
      stacksCli: join(outdir, 'stacks-cli', 'openstack-stacks-cli.blob'),
      undiciFloor: join(outdir, 'undici-floor.mjs'),
      undiciCohortFloor: join(outdir, 'undici-cohort-floor.mjs'),
    };
  })();
  return built;
}

/**
 * What a process's timing lines (http-timing-preload.ts) tell: the server time, and where the rest
 * of its life went — before its first request, between exchanges (from a body's end, since the
 * process cannot act on an answer before it has it all), and after the last one.
 */
export function serverTimeOf(lines: readonly TimingLine[]): ServerTime {
  const http = lines.filter((l) => l.kind === 'http');
  const ms = coveredMs(http.map((l) => [l.at, l.at + (l.headersMs ?? 0)]));
  if (!http.length) return { ms, requests: 0 };
  const exchanges = http.map((l): [number, number] => [l.at, l.at + (l.doneMs ?? l.headersMs ?? 0)]);
  const first = Math.min(...exchanges.map(([start]) => start));
  const last = Math.max(...exchanges.map(([, end]) => end));
  const exit = lines.find((l) => l.kind === 'exit');
  return {
    ms,
    requests: http.length,
    beforeFirstMs: first,
    idleMs: last - first - coveredMs(exchanges),
    ...(exit ? { afterLastMs: exit.at - last } : {}),
  };
}

function readTimings(file: string): TimingLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TimingLine);
}

function exec(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Omit<TimedRun, 'server' | 'exchanges'>> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(command, args, { env, cwd: ROOT, timeout: 900_000, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ ms: performance.now() - started, code, stdout: stdout.toString(), stderr: stderr.toString() });
    });
  });
}

/**
 * Runs a program once and times it; its HTTP exchanges are collected through
 * LAB_BENCH_HTTP_TIMING (the preload for node, bench/peers/peer_timing.py for python). Throws
 * when it fails.
 */
export async function timedRun(label: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<TimedRun> {
  const file = join(tmpdir(), `lc-bench-http-${randomBytes(6).toString('hex')}.jsonl`);
  try {
    const run = await exec(command, args, { ...env, LAB_BENCH_HTTP_TIMING: file });
    if (run.code !== 0) throw new Error(`${label} failed (exit ${run.code}): ${run.stderr.trim().slice(0, 500)}`);
    const exchanges = readTimings(file);
    return { ...run, server: serverTimeOf(exchanges), exchanges };
  } finally {
    rmSync(file, { force: true });
  }
}

/** A node program of ours, with the HTTP timing preload. */
export async function timedNode(label: string, script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<TimedRun> {
  const { preload } = await benchTools();
  return timedRun(label, process.execPath, ['--import', preload, script, ...args], env);
}

/** A program started from its start-up snapshot (as bin/lab-console starts), with the HTTP timing preload. */
export async function timedSnapshot(label: string, blob: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<TimedRun> {
  const { preload } = await benchTools();
  return timedRun(label, process.execPath, ['--import', preload, '--snapshot-blob', blob, '--', ...args], env);
}

/**
 * What users run: the package's bin, bin/lab-console (on POSIX, node started from the CLI's start-up
 * snapshot). LAB_BENCH_LAB_CONSOLE names another one to compare, e.g. an earlier build's
 * bin/lab-console.js in a copy of its folder.
 */
export function labConsoleLauncher(): string {
  return process.env.LAB_BENCH_LAB_CONSOLE ?? join(ROOT, 'bin', 'lab-console');
}

/**
 * A launcher run as a user runs it (its own shebang), the HTTP timing preload handed to the node it
 * starts through NODE_OPTIONS (which bin/lab-console's snapshot honours: src/core/cli/node-preloads.ts).
 */
export async function timedLauncher(label: string, launcher: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<TimedRun> {
  const { preload } = await benchTools();
  return timedRun(label, launcher, args, { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import ${preload}`.trim() });
}

/** A python peer from bench/peers. */
export function timedPython(label: string, script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<TimedRun> {
  return timedRun(label, PYTHON, [join(PEERS, script), ...args], env);
}

/**
 * The `openstack` CLI with `--timing`, whose table (CSV after the command's own output with
 * `-f value`/`-f csv`) gives each request's time as keystoneauth measured it (one after the other).
 */
export async function timedOpenstack(label: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<TimedRun> {
  const run = await exec(OPENSTACK, ['--timing', ...args], env);
  if (run.code !== 0) throw new Error(`${label} failed (exit ${run.code}): ${run.stderr.trim().slice(0, 500)}`);
  const rows = [...run.stdout.matchAll(/^"(GET|POST|PUT|PATCH|DELETE|HEAD) [^"]*",([\d.]+)$/gm)];
  return { ...run, server: { ms: rows.reduce((sum, r) => sum + Number(r[2]) * 1000, 0), requests: rows.length } };
}

/** Runs `measure` `warmups` times unrecorded, then `rounds` times; the samples of the recorded rounds. */
export async function samples<T>(warmups: number, rounds: number, measure: (round: number) => Promise<T>): Promise<T[]> {
  for (let i = 0; i < warmups; i++) await measure(-1 - i);
  const out: T[] = [];
  for (let i = 0; i < rounds; i++) out.push(await measure(i));
  return out;
}
