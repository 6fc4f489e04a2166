import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { daemonEnv } from './daemon';

/** Debian's python: a pyenv python first on PATH lacks the OpenStack packages. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

export class SandboxCommandError extends Error {
  override name = 'SandboxCommandError';
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string;
  /** Output is appended here; on failure its last lines go into the error. */
  readonly logFile?: string;
  readonly timeoutMs?: number;
}

/** Runs a setup command to completion; throws with the command's last output lines on failure. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      env: options.env ?? daemonEnv(),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 300_000,
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    if (options.input !== undefined) child.stdin?.end(options.input);
    child.on('error', (error) => reject(new SandboxCommandError(`${command} could not start: ${error.message}`)));
    child.on('close', (code, sig) => {
      if (options.logFile) {
        mkdirSync(dirname(options.logFile), { recursive: true });
        appendFileSync(options.logFile, `$ ${command} ${args.join(' ')}\n${output}\n`);
      }
      if (code === 0) return resolve(output);
      const tail = output.trim().split('\n').slice(-15).join('\n');
      const where = options.logFile ? ` (full output in ${options.logFile})` : '';
      reject(new SandboxCommandError(`${command} ${args.join(' ')} failed (${sig ?? `exit ${code}`})${where}:\n${tail}`));
    });
  });
}
