import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Background processes of the sandbox. A pid file holds the pid and the process's start time
 * (field 22 of /proc/PID/stat), so a recycled pid is never mistaken for ours.
 */
export interface DaemonSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly pidFile: string;
  readonly logFile: string;
}

interface PidRecord {
  pid: number;
  startTime: string;
}

function procStat(pid: number): { ppid: number; state: string; startTime: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '?', ppid: Number(rest[1]), startTime: rest[19] ?? '' };
  } catch {
    return undefined;
  }
}

export function isProcessAlive(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

function readPidRecord(pidFile: string): PidRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(pidFile, 'utf8')) as PidRecord;
    return typeof record.pid === 'number' ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of the daemon recorded in `pidFile`, if that very process still runs. */
export function runningPid(pidFile: string): number | undefined {
  const record = readPidRecord(pidFile);
  if (!record) return undefined;
  const stat = procStat(record.pid);
  if (!stat || stat.state === 'Z' || stat.startTime !== record.startTime) return undefined;
  return record.pid;
}

export function writePidFile(pidFile: string, pid: number): void {
  const stat = procStat(pid);
  mkdirSync(dirname(pidFile), { recursive: true });
  writeFileSync(pidFile, JSON.stringify({ pid, startTime: stat?.startTime ?? '' }));
}

/**
 * The environment for a long-lived sandbox process: the caller's, minus what belongs to the
 * caller alone (a test runner's NODE_OPTIONS and VITEST_*, a pyenv's PYTHONPATH/PYTHONHOME) —
 * the daemons outlive it and run Debian's python.
 */
export function daemonEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(NODE_OPTIONS|VITEST|PYTHONPATH$|PYTHONHOME$|VIRTUAL_ENV$|PYENV)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Starts a detached process whose output goes to its log file; returns its pid. */
export function startDaemon(spec: DaemonSpec): number {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? daemonEnv(),
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined) throw new Error(`Could not start ${spec.name} (${spec.command}).`);
    child.unref();
    writePidFile(spec.pidFile, child.pid);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** All live descendants of `pid` (children, grandchildren, …). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(entry));
    children.set(stat.ppid, list);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * Ends a process and everything it started: SIGTERM, then SIGKILL after `graceMs`
 * (heat-all sometimes ignores SIGTERM; its state is safe in sqlite).
 */
export async function killTree(pid: number, graceMs = 3000): Promise<void> {
  const tree = [pid, ...descendants(pid)];
  for (const p of tree) signal(p, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!tree.some(isProcessAlive)) return;
    await sleep(50);
  }
  const survivors = new Set(tree.filter(isProcessAlive));
  for (const p of [...survivors]) for (const d of descendants(p)) survivors.add(d);
  for (const p of survivors) signal(p, 'SIGKILL');
  const killDeadline = Date.now() + 2000;
  while (Date.now() < killDeadline && [...survivors].some(isProcessAlive)) await sleep(25);
}

/** Stops the daemon of `pidFile` (if it runs) and removes the pid file. */
export async function stopDaemon(pidFile: string, graceMs = 3000): Promise<boolean> {
  const pid = runningPid(pidFile);
  if (pid !== undefined) await killTree(pid, graceMs);
  if (existsSync(pidFile)) rmSync(pidFile, { force: true });
  return pid !== undefined;
}
