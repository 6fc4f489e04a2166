/**
 * Loaded with `node --expose-gc --import` into `lab-console serve` by the memory benches (built to
 * dist/bench/memory-probe-preload.mjs): on SIGUSR2 it writes the process's memory to the file
 * named by LAB_BENCH_MEMORY_FILE — as it is, then after a full garbage collection (what is still
 * held). Nothing in the program changes.
 */
import { renameSync, writeFileSync } from 'node:fs';

export interface MemoryReading {
  readonly heapUsed: number;
  readonly rss: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

export interface MemoryProbe {
  readonly asIs: MemoryReading;
  readonly afterGc: MemoryReading;
}

const file = process.env.LAB_BENCH_MEMORY_FILE;
const gc = (globalThis as { gc?: () => void }).gc;

function reading(): MemoryReading {
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  return { heapUsed, rss, external, arrayBuffers };
}

process.on('SIGUSR2', () => {
  if (!file) return;
  const asIs = reading();
  gc?.();
  const probe: MemoryProbe = { asIs, afterGc: reading() };
  writeFileSync(`${file}.tmp`, JSON.stringify(probe));
  // Renamed into place, so the bench never reads half a file.
  renameSync(`${file}.tmp`, file);
});
