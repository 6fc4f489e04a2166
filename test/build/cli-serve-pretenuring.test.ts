import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, startServeWith, stopServe, type ServeProcess } from '../support/serve-process';
import { testHome } from '../support/temp-home';

/**
 * `serve` relays remote desktops and terminals in short-lived objects, and must run with V8's
 * allocation-site pretenuring off (src/core/memory/young-relay-objects.ts), however it was started:
 * from the start-up snapshot by bin/lab-console, as users run it, whose main function sets the flag
 * after the blob's modules were evaluated, or from bin/lab-console.js. V8 does not say which flags
 * it runs with; a preloaded probe shows it by what the collector does (test/support/pretenuring-probe.mjs).
 */
const LAUNCHER = join(REPO_ROOT, 'bin', 'lab-console');
const PROBE = join(REPO_ROOT, 'test', 'support', 'pretenuring-probe.mjs');
/**
 * Above: the probe's short-lived objects went to the old generation; below: they died young. Measured
 * 20–208 MiB on (20 with the suite's other files running beside it), 0–3 off.
 */
const PRETENURED_MIB = 10;

interface ProbeResult {
  readonly oldGenerationMiB: number;
  readonly execArgv: readonly string[];
}

const probeEnv = (file: string) => ({ NODE_OPTIONS: `--import=${PROBE}`, PRETENURING_PROBE_FILE: file });

async function probeServe(command: readonly [string, ...string[]]): Promise<ProbeResult> {
  const home = testHome('lc-pretenuring-').path;
  const file = join(home, 'probe.json');
  let serve: ServeProcess | undefined;
  try {
    serve = await startServeWith(command, home, probeEnv(file));
    serve.child.kill('SIGUSR2');
    for (let waited = 0; !existsSync(file) && waited < 30_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    return JSON.parse(readFileSync(file, 'utf8')) as ProbeResult;
  } finally {
    await stopServe(serve);
  }
}

describe('serve runs with allocation-site pretenuring off', () => {
  it('the probe tells: in a node with pretenuring on, its short-lived objects go to the old generation', () => {
    const file = join(testHome('lc-pretenuring-').path, 'probe.json');
    const run = spawnSync(process.execPath, ['-e', '0'], { env: { ...process.env, ...probeEnv(file), PRETENURING_PROBE_AT_ONCE: '1' } });
    expect(run.status).toBe(0);
    expect((JSON.parse(readFileSync(file, 'utf8')) as ProbeResult).oldGenerationMiB).toBeGreaterThan(PRETENURED_MIB);
  });

  it('started by bin/lab-console from the start-up snapshot', async () => {
    const probe = await probeServe([LAUNCHER]);
    expect(probe.execArgv).toContain('--snapshot-blob');
    expect(probe.oldGenerationMiB).toBeLessThan(PRETENURED_MIB);
  }, 60_000);

  it('started as node bin/lab-console.js', async () => {
    const probe = await probeServe([process.execPath, CLI]);
    expect(probe.execArgv).not.toContain('--snapshot-blob');
    expect(probe.oldGenerationMiB).toBeLessThan(PRETENURED_MIB);
  }, 60_000);
});
