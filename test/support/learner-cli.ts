import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { SandboxState } from '../sandbox/state';
import { CLI } from './serve-process';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of one sandbox learner as an operator would set it up: a clouds.yaml in `home`
 * whose learner cloud carries the sandbox's Heat environment (Lab::Host → its lab-host plugin),
 * and labs on that cloud only.
 */
export function learnerEnv(state: SandboxState, home: string, learner: string): NodeJS.ProcessEnv {
  const clouds = parse(readFileSync(state.files.cloudsYaml, 'utf8')) as { clouds: Record<string, Record<string, unknown>> };
  clouds.clouds[learner]!.lab_console = { heat_environment: state.files.heatEnvironment };
  const cloudsYaml = join(home, 'clouds.yaml');
  writeFileSync(cloudsYaml, stringify(clouds));
  return {
    OS_CLIENT_CONFIG_FILE: cloudsYaml,
    OS_CLIENT_SECURE_FILE: state.files.secureYaml,
    OS_CLOUD: learner,
    LAB_CONSOLE_LAB_CLOUDS: learner,
  };
}

/** The built lab-console CLI, as a learner runs it, with one data folder and environment. */
export function learnerCli(home: () => string, env: () => NodeJS.ProcessEnv) {
  const cli = (...args: string[]): Promise<CliResult> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, '--home', home(), ...args], { env: { ...process.env, ...env() } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  const cliOk = async (...args: string[]): Promise<string> => {
    const result = await cli(...args);
    if (result.code !== 0) throw new Error(`lab-console ${args.join(' ')} exited ${result.code}: ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  return { cli, cliOk };
}

/** A test's teardown: deletes its lab and waits; a failure is a warning, not a failed test. */
export async function deleteTestLab(cli: (...args: string[]) => Promise<CliResult>, course: string): Promise<void> {
  const deleted = await cli('lab', 'delete', course, '--wait');
  if (deleted.code !== 0) console.warn(`could not delete the test lab: ${deleted.stderr}`);
}
