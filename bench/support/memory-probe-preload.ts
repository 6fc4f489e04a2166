/**
 * Loaded with `node --expose-gc --import` into `lab-console serve` by the memory benches (built to
 * dist/bench/memory-probe-preload.mjs): on SIGUSR2 it writes the process's memory to the file
 * named by LAB_BENCH_MEMORY_FILE — as it is, then after a full garbage collection (what is still
 * held), with where the resident memory is then. Nothing in the program changes.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { rssByMapping, type RssByMapping } from './rss-by-mapping';

export interface MemoryReading {
  readonly heapUsed: number;
  readonly rss: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

export interface MemoryProbe {
  readonly asIs: MemoryReading;
  readonly afterGc: MemoryReading;
  /** After the collection: V8's committed heap pages (resident), and RSS by kind of mapping. */
  readonly v8Physical: number;
  readonly v8Spaces: Record<string, number>;
  readonly byMapping: RssByMapping;
}

const file = process.env.LAB_BENCH_MEMORY_FILE;
const gc = (globalThis as { gc?: () => void }).gc;

function reading(): MemoryReading {
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  return { heapUsed, rss, external, arrayBuffers };
}

process.on('SIGUSR2', () => void probe());

async function probe(): Promise<void> {
  if (!file) return;
  const asIs = reading();
  gc?.();
  // V8 returns the pages a collection emptied from a background thread, after gc() returned: RSS
  // read at once still counted up to 15 MiB of them. Read once it stops falling.
  let rss = process.memoryUsage.rss();
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = process.memoryUsage.rss();
    if (now >= rss) break;
    rss = now;
  }
  const result: MemoryProbe = {
    asIs,
    afterGc: reading(),
    v8Physical: getHeapStatistics().total_physical_size,
    v8Spaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size])),
    byMapping: rssByMapping(readFileSync('/proc/self/smaps', 'utf8')),
  };
  writeFileSync(`${file}.tmp`, JSON.stringify(result));
  // Renamed into place, so the bench never reads half a file.
  renameSync(`${file}.tmp`, file);
}
