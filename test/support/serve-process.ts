import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ServeStarted } from '../../src/shared/cli/serve';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(REPO_ROOT, 'bin', 'lab-console.js');

export interface ServeProcess {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The environment bin/lab-console gives every command it starts (its `: "${NAME:=value}"` lines),
 * read from the launcher itself so that tests and benches run `serve` with the same settings.
 */
export function launcherEnvironment(): Record<string, string> {
  const launcher = readFileSync(join(REPO_ROOT, 'bin', 'lab-console'), 'utf8');
  const settings = Object.fromEntries([...launcher.matchAll(/\$\{(\w+):=([^}]*)\}/g)].map((match) => [match[1]!, match[2]!]));
  if (Object.keys(settings).length === 0) throw new Error('bin/lab-console no longer sets any environment defaults');
  return settings;
}

/**
 * Starts `lab-console serve` as a user would (the built CLI), on a free port, with its own data
 * folder. `nodeArgs`: options for node itself (a bench's --import probe, --expose-gc).
 */
export async function startServe(home: string, env: NodeJS.ProcessEnv = {}, nodeArgs: readonly string[] = []): Promise<ServeProcess> {
  return startServeWith([process.execPath, ...nodeArgs, CLI], home, env);
}

/** `lab-console serve` started by `command`: node and the entry, or the launcher bin/lab-console (from the snapshot). */
export async function startServeWith(
  command: readonly [string, ...string[]],
  home: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ServeProcess> {
  const [program, ...args] = command;
  const child = spawn(program, [...args, '--home', home, '--json', 'serve'], {
    env: { ...launcherEnvironment(), ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const started = await new Promise<ServeStarted>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lab-console serve did not start in 60 s: ${stderr}`)), 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(ServeStarted.parse(JSON.parse(line)));
    });
    child.once('exit', (code) => reject(new Error(`lab-console serve exited with ${code}: ${stderr}`)));
  });
  return {
    url: started.url,
    port: started.port,
    token: new URL(started.url).searchParams.get('token') ?? '',
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Stops serve (SIGTERM: it suspends what still runs) and kills it when that takes longer than `graceMs`. */
export async function stopServe(serve: ServeProcess | undefined, graceMs = 5000): Promise<void> {
  if (!serve) return;
  const stopped = await Promise.race([serve.stop().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), graceMs))]);
  if (!stopped) serve.child.kill('SIGKILL');
}
