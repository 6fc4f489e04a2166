import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build as esbuild } from 'esbuild';
import { SNAPSHOT_BUNDLE, SNAPSHOT_BUNDLING } from '../scripts/cli-snapshot.mjs';
import { heapCensus } from './support/heap-snapshot-census';
import { median, round } from './support/stats';

/*
 * What the cloud commands' start-up blob (dist/cli/lab-console-cloud.blob) holds and costs at start.
 *   npx tsx bench/cloud-blob-census.ts heap
 *     rebuilds the snapshot's bundle from this tree with a source map (the same code as
 *     dist/cli/lab-console-snapshot.cjs: checked), builds a cloud blob of it beside dist's, starts
 *     node from it and writes its heap when the main function starts; prints the heap's objects
 *     and its closures by where their functions were written (a package, or our folder; with
 *     --lines, zod's by line).
 *   npx tsx bench/cloud-blob-census.ts schemas
 *     the same blob, with zod's schemas counted as they are built: how many, by the file building
 *     them (by its line with --lines).
 *   npx tsx bench/cloud-blob-census.ts cpu DIST_A DIST_B [ROUNDS]
 *     CPU (user + system) of a process started from each dist's cloud blob, read when the main
 *     function starts, A B A B …: medians, with the load.
 * Both read the heap at main through a preload: the blob's main loads node's -r preloads first
 * (src/core/cli/node-preloads.ts), and this one reads or writes and exits before the command runs.
 */

const ROOT = join(import.meta.dirname, '..');
const CLOUD_BLOB = join('cli', 'lab-console-cloud.blob');

/** Runs node from `blob` with `preload` (a CommonJS file's source) and returns its stdout. */
function startFromBlob(blob: string, preload: string, work: string): string {
  const file = join(work, 'preload.cjs');
  writeFileSync(file, preload);
  return execFileSync(process.execPath, ['--snapshot-blob', blob, 'cloud', 'check'], {
    env: { ...process.env, NODE_OPTIONS: `-r ${file}`, NODE_EXTRA_CA_CERTS: '' },
    encoding: 'utf8',
  });
}

/** `node_modules/zod/v4/classic/schemas.js` → `zod`; `src/core/openstack/keystone/x.ts` → `src/core/openstack`. */
function originOf(source: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (inPackage) return inPackage[1]!;
  const ours = /(?:^|\/)((?:src|scripts)\/[^/]+(?:\/[^/]+)?)\//.exec(source);
  return ours ? ours[1]! : source;
}

function tally(names: Iterable<string>): [string, number][] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/**
 * Set before the bundle's code when the census counts schemas: zod calls its post-processor with
 * every schema it builds; the stacks stay in the blob's heap for the main function to read.
 */
const SCHEMA_RECORDER = `globalThis.__schemaStacks = []; globalThis.__zod_globalConfig = { postProcessor() {
  const limit = Error.stackTraceLimit; Error.stackTraceLimit = 80;
  globalThis.__schemaStacks.push(new Error().stack); Error.stackTraceLimit = limit; } };`;

/** The first frame of `stack` in `bundle` outside zod, as a source file. */
function schemaSite(stack: string, bundle: string, map: SourceMap, byLine: boolean): string {
  for (const frame of stack.split('\n').slice(1)) {
    const at = frame.lastIndexOf(`${bundle}:`);
    if (at < 0) continue;
    const [line, column] = frame
      .slice(at + bundle.length + 1)
      .replace(/\)$/, '')
      .split(':')
      .map(Number);
    const entry = map.findEntry(line! - 1, column! - 1) as { originalSource?: string; originalLine?: number };
    const source = entry.originalSource && (byLine ? `${entry.originalSource}:${entry.originalLine! + 1}` : entry.originalSource);
    // The recorder itself (the banner) has no source.
    if (source && !source.includes('node_modules/zod/')) return source.replace(/^.*?(node_modules|src)\//, '$1/');
  }
  return '(no frame in the bundle)';
}

async function heap(countSchemas: boolean): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'cloud-blob-census-'));
  // Beside dist's bundle, so that it finds the package (its catalogues) as that one does.
  const bundle = join(ROOT, 'dist', 'cli', 'census-snapshot.cjs');
  const blob = join(ROOT, 'dist', 'cli', 'census-cloud.blob');
  try {
    await esbuild({
      ...SNAPSHOT_BUNDLING,
      absWorkingDir: ROOT,
      entryPoints: ['src/core/cli/cli-snapshot-entry.ts'],
      outfile: bundle,
      sourcemap: 'external',
      ...(countSchemas ? { banner: { js: `${SCHEMA_RECORDER}\n${SNAPSHOT_BUNDLING.banner!.js}` } } : {}),
    });
    const code = readFileSync(bundle, 'utf8');
    const same = code === readFileSync(join(ROOT, 'dist', 'cli', SNAPSHOT_BUNDLE), 'utf8');
    console.log(`bundle ${same ? 'is' : 'is NOT'} dist's (${code.length} bytes)`);
    execFileSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', bundle, 'cloud'], {
      cwd: join(ROOT, 'dist', 'cli'),
      env: { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
    if (countSchemas) {
      const out = join(work, 'stacks.json');
      const write = `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(globalThis.__schemaStacks)); process.exit(0);`;
      startFromBlob(blob, write, work);
      const stacks = JSON.parse(readFileSync(out, 'utf8')) as string[];
      console.log(`zod schemas built in the blob: ${stacks.length}, by the file that built them:`);
      for (const [source, n] of tally(stacks.map((s) => schemaSite(s, bundle, map, process.argv.includes('--lines')))))
        console.log(`  ${String(n).padStart(6)} ${source}`);
      return;
    }
    const snapshot = join(work, 'main.heapsnapshot');
    startFromBlob(blob, `require('node:v8').writeHeapSnapshot(${JSON.stringify(snapshot)}); process.exit(0);`, work);
    const census = heapCensus(readFileSync(snapshot, 'utf8'));
    const byLine = process.argv.includes('--lines');
    const ofBundle = census.closures.filter((c) => c.script === bundle);
    const sources = ofBundle.map((c) => {
      const entry = map.findEntry(c.line, c.column) as { originalSource?: string; originalLine?: number };
      if (!entry.originalSource) return '(unmapped)';
      const source = relative(ROOT, entry.originalSource.replace(/^file:\/\//, ''));
      return byLine ? `${source}:${entry.originalLine! + 1}` : source;
    });
    console.log(
      `blob ${readFileSync(blob).length} bytes; objects ${census.objects}; closures ${census.closures.length}, of the bundle ${ofBundle.length}`,
    );
    console.log('objects by kind:');
    for (const [kind, n] of [...census.byKind].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${String(n).padStart(6)} ${kind}`);
    console.log('bundle closures by origin:');
    for (const [origin, n] of tally(sources.map((s) => originOf(s.replace(/:\d+$/, '')))).slice(0, 25))
      console.log(`  ${String(n).padStart(6)} ${origin}`);
    console.log('our closures by file:');
    for (const [source, n] of tally(sources.filter((s) => s.includes('src/'))).slice(0, process.argv.includes('--ours') ? 400 : 12))
      console.log(`  ${String(n).padStart(6)} ${source.replace(/^.*?src\//, 'src/')}`);
    console.log('zod closures by file:');
    for (const [source, n] of tally(sources.filter((s) => s.includes('node_modules/zod/'))).slice(0, byLine ? 40 : 10))
      console.log(`  ${String(n).padStart(6)} ${source}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
    for (const f of [bundle, `${bundle}.map`, blob]) rmSync(f, { force: true });
  }
}

async function cpu(distA: string, distB: string, rounds: number): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'cloud-blob-census-'));
  const preload = `const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000)); process.exit(0);`;
  const runs: Record<'A' | 'B', number[]> = { A: [], B: [] };
  const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const loadBefore = load();
  try {
    for (let i = 0; i < rounds; i++) {
      for (const [side, dist] of [
        ['A', distA],
        ['B', distB],
      ] as const) {
        runs[side].push(Number(startFromBlob(join(dist, CLOUD_BLOB), preload, work)));
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`load before ${loadBefore}, after ${load()}; ${rounds} rounds A B A B …, CPU to main (ms), median [min–max]`);
  for (const [side, dist] of [
    ['A', distA],
    ['B', distB],
  ] as const) {
    const ms = runs[side];
    console.log(`  ${side} ${dist}: ${round(median(ms), 1)} [${round(Math.min(...ms), 1)}–${round(Math.max(...ms), 1)}]`);
  }
}

const [mode, a, b, rounds] = process.argv.slice(2);
if (mode === 'heap' || mode === 'schemas') await heap(mode === 'schemas');
else if (mode === 'cpu' && a && b) await cpu(a, b, Number(rounds ?? 15));
else {
  console.error('usage: tsx bench/cloud-blob-census.ts heap | schemas | cpu DIST_A DIST_B [ROUNDS]');
  process.exitCode = 2;
}
