import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** User + system CPU seconds of a process so far (/proc/PID/stat, clock ticks of 1/100 s on Linux); 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of a process's main thread so far (/proc/PID/task/PID/stat); 0 once it is gone. The
 * rest of `cpuSeconds` is its other threads: in node, V8's workers (concurrent marking and sweeping
 * of a major GC, background compiles) and libuv's pool.
 */
export function mainThreadCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Every live process below `root` (children, their children…), with its command line. */
export function descendants(root: number): { pid: number; cmdline: string }[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const out: { pid: number; cmdline: string }[] = [];
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      try {
        out.push({ pid: child, cmdline: readFileSync(`/proc/${child}/cmdline`, 'utf8').replace(/\0/g, ' ') });
      } catch {
        continue;
      }
      walk(child);
    }
  };
  walk(root);
  return out;
}

/** Chromium's processes below `root`, by kind: "browser", "renderer", "gpu-process", "utility", "zygote"… */
export function chromiumProcesses(root: number): Map<string, number[]> {
  const kinds = new Map<string, number[]>();
  for (const { pid, cmdline } of descendants(root)) {
    if (!/chrom(e|ium)/.test(cmdline.split(' ')[0] ?? '')) continue;
    const kind = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';
    kinds.set(kind, [...(kinds.get(kind) ?? []), pid]);
  }
  return kinds;
}

/** CPU seconds of several processes (0 for those gone). */
export function cpuOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}

/**
 * Bytes received so far by the established TCP connections to `port` on 127.0.0.1 (the client's
 * side: `ss` bytes_received), i.e. what the server sent the client on the wire.
 */
export function bytesReceivedFrom(port: number): number {
  const out = spawnSync('ss', ['-tinH', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' }).stdout;
  return [...out.matchAll(/bytes_received:(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}
