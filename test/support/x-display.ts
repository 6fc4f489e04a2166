import { existsSync, readFileSync, rmSync } from 'node:fs';
import { processAlive } from '../../src/core/store/process-alive';

const lockFile = (n: number): string => `/tmp/.X${n}-lock`;
const socketFile = (n: number): string => `/tmp/.X11-unix/X${n}`;

/** Whether the process named in an X server's lock file is gone (a server killed with SIGKILL leaves it behind). */
function serverGone(n: number): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lockFile(n), 'utf8').trim());
  } catch {
    return false;
  }
  return Number.isInteger(pid) && pid > 0 && !processAlive(pid);
}

/**
 * A display number in [from, to) that no running X server holds. A lock whose server is gone is
 * cleared with its socket, as an X server starting on that display would clear it: without that,
 * the stale locks of killed servers filled a bench's range in a day of runs.
 */
export function freeXDisplay(from: number, to: number): number {
  for (let n = from; n < to; n += 1) {
    if (existsSync(lockFile(n)) && serverGone(n)) {
      rmSync(lockFile(n), { force: true });
      rmSync(socketFile(n), { force: true });
    }
    if (!existsSync(socketFile(n)) && !existsSync(lockFile(n))) return n;
  }
  throw new Error(`No free X display number between ${from} and ${to - 1}.`);
}
