import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from './daemon';

/**
 * One start or stop at a time per checkout (test runs of several tools may start the sandbox
 * together). A lock whose holder died is taken over.
 */
export async function withLock<T>(file: string, task: () => Promise<T>, waitMs = 600_000): Promise<T> {
  mkdirSync(dirname(file), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(file, 'utf8'));
      } catch {
        continue;
      }
      if (!Number.isFinite(holder) || !isProcessAlive(holder)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Another sandbox start/stop (pid ${holder}) holds ${file}.`);
      await sleep(200);
    }
  }
  try {
    return await task();
  } finally {
    rmSync(file, { force: true });
  }
}
