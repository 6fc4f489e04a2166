import { basename } from 'node:path';
import type { Logger } from '../../log/logger';
import type { ExecResult } from './remote-exec';
import type { SshSession } from './ssh-session';

/** What running a script needs from a session (an SshSession, or anything with the same calls). */
export type ScriptHost = Pick<SshSession, 'exec' | 'put' | 'remove' | 'removeDir'>;

export interface RunScriptOptions {
  /** Kill the script after this long (default 60 s). */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

/** POSIX shell single quoting: safe for any path. */
export const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** A file name that needs no quoting on the lab, keeping the course's name recognisable. */
const remoteName = (localPath: string): string => basename(localPath).replace(/[^A-Za-z0-9._-]/g, '_') || 'script';

export class RemoteScriptError extends Error {
  constructor(
    readonly script: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Could not run ${script} on the lab: ${reason}`, options);
    this.name = 'RemoteScriptError';
  }
}

/**
 * Copies a course script to a fresh temporary folder on the lab (mktemp -d), makes it executable,
 * runs it (its shebang picks the interpreter) with a time limit, and removes it again — the
 * lab is left as the learner had it.
 */
export async function runRemoteScript(host: ScriptHost, localPath: string, options: RunScriptOptions = {}): Promise<ExecResult> {
  const made = await host.exec('mktemp -d "${TMPDIR:-/tmp}/lab-console.XXXXXXXX"', { timeoutMs: 15_000 });
  const dir = made.stdout.trim();
  if (made.code !== 0 || !dir.startsWith('/')) {
    throw new RemoteScriptError(localPath, `mktemp -d failed (${made.stderr.trim() || `status ${made.code ?? 'none'}`})`);
  }
  const remotePath = `${dir}/${remoteName(localPath)}`;
  try {
    try {
      await host.put(localPath, remotePath, 0o700);
    } catch (error) {
      throw new RemoteScriptError(localPath, `copying it over SFTP failed (${(error as Error).message})`, { cause: error });
    }
    return await host.exec(shellQuote(remotePath), { timeoutMs: options.timeoutMs ?? 60_000 });
  } finally {
    await cleanUp(host, remotePath, dir, options.logger);
  }
}

async function cleanUp(host: ScriptHost, remotePath: string, dir: string, logger: Logger | undefined): Promise<void> {
  try {
    await host.remove(remotePath).catch((error: { code?: unknown }) => {
      // SFTP "no such file" (status 2): the copy never got there.
      if (error.code !== 2) throw error;
    });
    await host.removeDir(dir);
  } catch (error) {
    logger?.warn('could not remove a script from the lab', { path: remotePath, error: (error as Error).message });
  }
}
