import { runCli } from './cli-main';

export interface CliOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process as `lab-console --home HOME ARGS…`, with only `env` for environment, and keeps what it prints. */
export async function runCliCaptured(home: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--home', home, ...args], {
    streams: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
    env,
  });
  return { code, stdout, stderr };
}

/** The first line of `--json` output, parsed by its schema. */
export function firstJsonLine<T>(schema: { parse(v: unknown): T }, text: string): T {
  return schema.parse(JSON.parse(text.trim().split('\n')[0] ?? ''));
}
