import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { descendants } from '../test/sandbox/daemon';
import { vncPasswordFile } from '../test/sandbox/gate/lab-vnc';
import { freeXDisplay } from '../test/support/x-display';

/**
 * The VNC bench's clients and their processes: TightVNC's viewer (Debian's xtightvncviewer) in an
 * Xvfb of its own, and the Chromium processes a bench launched — each counted with its drawing
 * (Xvfb, Chromium's renderer and compositor).
 */
export const XTIGHTVNCVIEWER = '/usr/bin/xtightvncviewer';
export const XVFB = '/usr/bin/Xvfb';

export const missingVncPeer = (): string[] => [XTIGHTVNCVIEWER, XVFB].filter((tool) => !existsSync(tool));

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Chromium's processes started by this process (browser, renderers, GPU, utilities). */
export function chromiumPids(): number[] {
  return descendants(process.pid).filter((pid) => /chrom/i.test(comm(pid)));
}

/** What a process is, for the bench's breakdown: Chromium's process type (browser, renderer, gpu-process…) or its command name. */
export function processRole(pid: number): string {
  try {
    if (!/chrom/i.test(comm(pid))) return comm(pid) || 'gone';
    // Chromium rewrites its command line into one space-separated string.
    const type = /--type=(\S+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1];
    return `chromium ${type ?? 'browser'}`;
  } catch {
    return 'gone';
  }
}

/** A process and everything it started (a `lab-console serve` with its workers). */
export function processTree(pid: number): number[] {
  return [pid, ...descendants(pid)];
}

export interface VncViewer {
  readonly pids: readonly number[];
  /** What the viewer said (it reports a failed login there). */
  output(): string;
  stop(): void;
}

/** xtightvncviewer logged in with the VNC password, in an Xvfb larger than the desktop so all of it is drawn. */
export async function startTightVncViewer(port: number, password: string, screen: { width: number; height: number }): Promise<VncViewer> {
  const display = freeXDisplay(260, 360);
  const dir = mkdtempSync(join(tmpdir(), 'lc-bench-vncviewer-'));
  const passwordFile = join(dir, 'passwd');
  writeFileSync(passwordFile, vncPasswordFile(password), { mode: 0o600 });
  const children: ChildProcess[] = [];
  let output = '';
  const stop = (): void => {
    for (const child of children.reverse()) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  children.push(
    spawn(XVFB, [`:${display}`, '-screen', '0', `${screen.width}x${screen.height}x24`, '-nolisten', 'tcp'], { stdio: 'ignore' }),
  );
  const deadline = Date.now() + 10_000;
  while (!existsSync(`/tmp/.X11-unix/X${display}`)) {
    if (Date.now() > deadline) {
      stop();
      throw new Error(`Xvfb :${display} did not start`);
    }
    await sleep(50);
  }
  const viewer = spawn(XTIGHTVNCVIEWER, ['-passwd', passwordFile, '-shared', '-encodings', 'tight copyrect', `127.0.0.1::${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DISPLAY: `:${display}` },
  });
  viewer.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  viewer.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  children.push(viewer);
  return { pids: children.map((c) => c.pid!), output: () => output, stop };
}
