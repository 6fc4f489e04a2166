import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { processAlive } from '../store/process-alive';
import { ReaperBusyError } from './cohort-errors';

export function reapLockPath(dataDir: string, courseId: string): string {
  return join(dataDir, 'locks', `cohort-reap-${courseId}.lock`);
}

/**
 * One reaper per course and data folder: the lock file is created with O_EXCL, holding the pid.
 * A lock whose process is gone (kill -9, reboot) is taken over. Two machines do not share it: the
 * reaper's re-check of each stack right before acting covers that case.
 */
export function acquireReapLock(file: string): () => void {
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(file);
        } catch {
          // already removed: nothing to release
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: number; since?: string } = {};
      try {
        holder = JSON.parse(readFileSync(file, 'utf8')) as typeof holder;
      } catch {
        // Half-written by a process that died while writing: treat as stale below.
      }
      if (holder.pid && holder.pid !== process.pid && processAlive(holder.pid)) {
        throw new ReaperBusyError(file, `pid ${holder.pid} since ${holder.since ?? '?'}`);
      }
      if (holder.pid === process.pid) throw new ReaperBusyError(file, `this process (pid ${process.pid})`);
      unlinkSync(file);
    }
  }
  throw new ReaperBusyError(file, 'unknown holder');
}
