import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
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
 * Above: the probe's short-lived objects went to the old generation; below: they died young. On a
 * quiet machine one probe read 20–208 MiB with pretenuring on and 0–3 off. V8 decides to pretenure
 * only in a scavenge of a young generation at its largest, which it shrinks when the allocation rate
 * per wall-clock second drops, and serve's own allocations count too: on a loaded machine single
 * probes read 0 with it on and up to 11 off. So each side is probed up to PROBES times and judged by
 * what it can show: the control by its largest reading, serve by its smallest.
 */
const PRETENURED_MIB = 30;
const PROBES = 3;

interface ProbeResult {
  readonly oldGenerationMiB: number;
  readonly execArgv: readonly string[];
}

const probeEnv = (file: string) => ({ NODE_OPTIONS: `--import=${PROBE}`, PRETENURING_PROBE_FILE: file });

/** Waits for the probe's file, reads it and removes it for the next probe. */
async function takeProbe(file: string): Promise<ProbeResult> {
  for (let waited = 0; !existsSync(file) && waited < 30_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  const result = JSON.parse(readFileSync(file, 'utf8')) as ProbeResult;
  rmSync(file);
  return result;
}

/** The least that up to PROBES probes of one `serve` put in the old generation (stopping at the first below the line). */
async function probeServe(command: readonly [string, ...string[]]): Promise<ProbeResult> {
  const home = testHome('lc-pretenuring-').path;
  const file = join(home, 'probe.json');
  let serve: ServeProcess | undefined;
  try {
    serve = await startServeWith(command, home, probeEnv(file));
    let least: ProbeResult | undefined;
    for (let probe = 0; probe < PROBES && !(least && least.oldGenerationMiB < PRETENURED_MIB); probe++) {
      serve.child.kill('SIGUSR2');
      const result = await takeProbe(file);
      if (!least || result.oldGenerationMiB < least.oldGenerationMiB) least = result;
    }
    return least!;
  } finally {
    await stopServe(serve);
  }
}

describe('serve runs with allocation-site pretenuring off', () => {
  it('the probe tells: in a node with pretenuring on, its short-lived objects go to the old generation', () => {
    const file = join(testHome('lc-pretenuring-').path, 'probe.json');
    let most = 0;
    for (let probe = 0; probe < PROBES && most <= PRETENURED_MIB; probe++) {
      const run = spawnSync(process.execPath, ['-e', '0'], { env: { ...process.env, ...probeEnv(file), PRETENURING_PROBE_AT_ONCE: '1' } });
      expect(run.status).toBe(0);
      most = Math.max(most, (JSON.parse(readFileSync(file, 'utf8')) as ProbeResult).oldGenerationMiB);
    }
    expect(most).toBeGreaterThan(PRETENURED_MIB);
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
