import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const JOBS_CHILD = join(REPO_ROOT, 'test', 'support', 'jobs-child.ts');

export interface ChildLine {
  readonly event: string;
  readonly [field: string]: unknown;
}

/** A running jobs-child process with its JSON lines collected. */
export class JobsChild {
  readonly lines: ChildLine[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly waiters: Array<{ match: (line: ChildLine) => boolean; resolve: (line: ChildLine) => void }> = [];

  constructor(readonly process: ChildProcess) {
    process.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: process.stdout! }).on('line', (text) => {
      let line: ChildLine;
      try {
        line = JSON.parse(text) as ChildLine;
      } catch {
        return;
      }
      this.lines.push(line);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(line)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    });
    this.exited = new Promise((resolve) => process.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves with the first line (seen or to come) that matches; fails after `timeoutMs`. */
  // A ceiling, not a speed claim: a child started through tsx on a loaded 2-core machine can take 20 s to speak.
  line(match: (line: ChildLine) => boolean, timeoutMs = 60_000): Promise<ChildLine> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching line from the child in ${timeoutMs} ms; stderr: ${this.stderr}`)),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      // A child that ended without the line will never say it: fail now, saying how it ended.
      void this.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`the child ended (code ${code}, signal ${signal}) without the line; stderr: ${this.stderr}`));
      });
    });
  }

  kill(signal: NodeJS.Signals): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill(signal);
  }
}

/** Starts `jobs-child.ts` under tsx, directly with node so a signal reaches the worker itself. */
export function startJobsChild(args: readonly string[], env: NodeJS.ProcessEnv = {}): JobsChild {
  const child = spawn(process.execPath, ['--import', 'tsx', JOBS_CHILD, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new JobsChild(child);
}
