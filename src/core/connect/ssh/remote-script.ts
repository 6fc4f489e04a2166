import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Logger } from '../../log/logger';
import type { ExecResult } from './remote-exec';
import { SftpUnavailableError, type SshSession } from './ssh-session';

/** What running a script needs from a session (an SshSession, or anything with the same calls). */
export type ScriptHost = Pick<SshSession, 'exec' | 'put'>;

export interface RunScriptOptions {
  /** Kill the script after this long (default 60 s). */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

/** POSIX shell single quoting: safe for any path. */
export const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** A file name that needs no quoting on the lab, keeping the course's name recognisable. */
const remoteName = (localPath: string): string => basename(localPath).replace(/[^A-Za-z0-9._-]/g, '_') || 'script';

/** How long the small housekeeping commands (mktemp, the copy, rm) may take. */
const HOUSEKEEPING_MS = 15_000;

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

const said = (result: ExecResult): string =>
  result.stderr.trim() || (result.timedOut ? 'it took too long' : `status ${result.code ?? 'none'}`);

/**
 * Copies a course script to a fresh temporary folder on the lab (mktemp -d), makes it executable,
 * runs it (its shebang picks the interpreter; standard input is /dev/null) with a time limit, and
 * removes the folder again — the lab is left as the learner had it. The copy goes over SFTP, or,
 * on a machine without the SFTP subsystem (a minimal image), through the command channel
 * (`cat > file`); every other step is a command, so nothing needs SFTP.
 */
export async function runRemoteScript(host: ScriptHost, localPath: string, options: RunScriptOptions = {}): Promise<ExecResult> {
  let content: Buffer;
  try {
    content = await readFile(localPath);
  } catch (error) {
    throw new RemoteScriptError(localPath, `the course file cannot be read (${(error as Error).message})`, { cause: error });
  }
  const made = await host.exec('mktemp -d "${TMPDIR:-/tmp}/lab-console.XXXXXXXX"', { timeoutMs: HOUSEKEEPING_MS });
  const dir = made.stdout.trim();
  if (made.code !== 0 || !dir.startsWith('/')) {
    throw new RemoteScriptError(localPath, `making a temporary folder on the lab failed (mktemp -d: ${said(made)})`);
  }
  const remotePath = `${dir}/${remoteName(localPath)}`;
  try {
    await copyTo(host, localPath, content, remotePath, options.logger);
    // No standard input: a script that reads it gets end of file instead of waiting for its timeout.
    return await host.exec(`${shellQuote(remotePath)} < /dev/null`, { timeoutMs: options.timeoutMs ?? 60_000 });
  } finally {
    await removeFolder(host, dir, options.logger);
  }
}

async function copyTo(host: ScriptHost, localPath: string, content: Buffer, remotePath: string, logger: Logger | undefined): Promise<void> {
  try {
    await host.put(localPath, remotePath, 0o700);
    return;
  } catch (error) {
    if (!(error instanceof SftpUnavailableError)) {
      throw new RemoteScriptError(localPath, `copying it to ${remotePath} over SFTP failed (${(error as Error).message})`, {
        cause: error,
      });
    }
    logger?.info('no SFTP on the lab: sending the script through the command channel', { path: remotePath });
  }
  const copied = await host.exec(`cat > ${shellQuote(remotePath)} && chmod 700 ${shellQuote(remotePath)}`, {
    input: content,
    timeoutMs: HOUSEKEEPING_MS,
  });
  if (copied.code !== 0) throw new RemoteScriptError(localPath, `writing it to ${remotePath} on the lab failed (${said(copied)})`);
}

async function removeFolder(host: ScriptHost, dir: string, logger: Logger | undefined): Promise<void> {
  try {
    const removed = await host.exec(`rm -rf -- ${shellQuote(dir)}`, { timeoutMs: HOUSEKEEPING_MS });
    if (removed.code !== 0) logger?.warn('could not remove a script folder from the lab', { path: dir, error: said(removed) });
  } catch (error) {
    logger?.warn('could not remove a script folder from the lab', { path: dir, error: (error as Error).message });
  }
}
