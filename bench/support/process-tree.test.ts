import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { cpuSeconds, mainThreadCpuSeconds } from './process-tree';

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe("a process's CPU by thread", () => {
  it("counts the main thread's CPU apart from a busy worker thread's", async () => {
    const process0 = cpuSeconds(process.pid);
    const main0 = mainThreadCpuSeconds(process.pid);
    const started = performance.now();
    spin(300);
    // The main thread waits, idle, while the worker spins: on a loaded machine each gets what it gets, so bounds, not amounts.
    const worker = new Worker('const end = performance.now() + 600; while (performance.now() < end);', { eval: true });
    await new Promise((resolve) => worker.once('exit', resolve));
    const main = mainThreadCpuSeconds(process.pid) - main0;
    const other = cpuSeconds(process.pid) - process0 - main;
    const mainWallSeconds = (performance.now() - started) / 1000 - 0.6;
    expect(main).toBeGreaterThan(0.05);
    // Ticks are 10 ms: the main thread cannot have used more than it was awake, plus its waiting's crumbs.
    expect(main).toBeLessThanOrEqual(Math.max(0.3, mainWallSeconds) + 0.1);
    expect(other).toBeGreaterThan(0.1);
  });

  it('gives 0 for a process that is gone', () => {
    expect(mainThreadCpuSeconds(2 ** 22 + 7)).toBe(0);
  });
});
