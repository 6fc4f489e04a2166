/**
 * `npm run bench [-- NAME… ] [--tiny]`: runs the benchmarks in bench/*.bench.ts and prints each
 * figure beside its peer and target. Benches that need the Keystone + Heat sandbox start it first.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sandboxPaths } from '../test/sandbox/paths';
import { startSandbox } from '../test/sandbox/start';
import { withLock } from '../test/sandbox/start-lock';
import type { Bench, BenchResult, BenchSize } from './bench';
import { formatResult } from './format-result';
import { loadLine, machineName } from './support/machine';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));

export async function loadBenches(names: readonly string[] = []): Promise<Bench[]> {
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const benches: Bench[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(BENCH_DIR, file)).href)) as { default: Bench };
    if (names.length === 0 || names.includes(module.default.name) || names.includes(file.replace('.bench.ts', ''))) {
      benches.push(module.default);
    }
  }
  return benches;
}

export async function ensureSandbox(log: (line: string) => void): Promise<void> {
  const paths = sandboxPaths();
  await withLock(join(paths.root, 'start.lock'), () => startSandbox(paths, { log: (line) => log(`[sandbox] ${line}`) }));
  process.env.LAB_SANDBOX_STATE = paths.stateFile;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const size: BenchSize = args.includes('--tiny') ? 'tiny' : 'full';
  const benches = await loadBenches(args.filter((a) => !a.startsWith('--')));
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  console.log(`Lab Console benchmarks (${size}) on ${machineName()}, Node ${process.versions.node}, ${loadLine()}`);
  if (benches.some((b) => b.needsSandbox)) await ensureSandbox(log);
  let missed = 0;
  for (const bench of benches) {
    console.log(`\n## ${bench.name}`);
    const started = Date.now();
    let results: BenchResult[];
    try {
      results = await bench.run({ size, log: (line) => log(`  ${line}`) });
    } catch (error) {
      console.log(`  FAILED: ${(error as Error).message}`);
      missed++;
      continue;
    }
    for (const result of results) {
      console.log(`  ${formatResult(result)}`);
      if (result.met === false) missed++;
    }
    // The load average beside each bench: other work on the machine slows every side of a comparison.
    console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s, ${loadLine()})`);
  }
  if (missed) console.log(`\n${missed} figure(s) missed their target or failed.`);
  // A tiny run only proves each bench still runs: its figures are not judged against the targets.
  else console.log(size === 'tiny' ? '\nEvery bench ran (tiny size: figures not judged).' : '\nEvery target met.');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
