import type { Bench, BenchContext, BenchResult } from './bench';
import type { MemoryProbe } from './support/memory-probe-preload';
import { mib, MiB, TerminalRig } from './support/terminal-rig';

/**
 * serve's memory after a big terminal stream: a learner's Terminal tab (Chromium, serve, the
 * sandbox lab) streams 50 MB (`yes … | head -c`), then serve's JS heap and RSS are read — as they
 * are and after a full garbage collection — beside the same figures at idle before the stream, with
 * the peak RSS during it.
 */
async function settle(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

const describe = (m: MemoryProbe) =>
  `heapUsed ${mib(m.asIs.heapUsed)} MiB (${mib(m.afterGc.heapUsed)} after GC), RSS ${mib(m.asIs.rss)} MiB (${mib(m.afterGc.rss)} after GC), external ${mib(m.afterGc.external)} MiB`;

const bench: Bench = {
  name: 'memory',
  needsSandbox: true,
  async run(context: BenchContext): Promise<BenchResult[]> {
    const full = context.size === 'full';
    const bytes = (full ? 50 : 2) * 1_000_000;
    // Pauses that let serve's memory settle for a reading worth comparing; the tiny size compares nothing.
    const settleMs = full ? { idle: 3000, quiet: 2000, after: 5000 } : { idle: 0, quiet: 500, after: 0 };
    const rig = await TerminalRig.start('bench-memory');
    try {
      await settle(settleMs.idle);
      const idle = await rig.memory();
      context.log(`idle: ${describe(idle)}`);
      const from = rig.bytesFromLab();
      const started = performance.now();
      await rig.type(`yes "$(head -c 57 /dev/urandom | base64)" | head -c ${bytes}; echo done-$((40+2))`);
      const { bytes: sent, at } = await rig.streamed(from, bytes, settleMs.quiet, 900_000);
      await rig.page.locator('.terminal-view:not([hidden]) .xterm-rows').filter({ hasText: 'done-42' }).waitFor({ timeout: 300_000 });
      const seconds = (at - started) / 1000;
      await settle(settleMs.after);
      const after = await rig.memory();
      const peak = rig.peakRss();
      context.log(`after ${mib(sent)} MiB in ${seconds.toFixed(1)} s: ${describe(after)}; peak RSS ${mib(peak)} MiB`);
      const heapIdle = idle.afterGc.heapUsed;
      const rssIdle = idle.afterGc.rss;
      return [
        {
          metric: `serve's JS heap after a ${bytes / 1e6} MB terminal stream ended (after GC)`,
          value: mib(after.afterGc.heapUsed),
          unit: 'MiB',
          floor: { name: 'idle, before the stream', value: mib(heapIdle) },
          notes: [`as is ${mib(idle.asIs.heapUsed)} → ${mib(after.asIs.heapUsed)} MiB`, `RSS ${mib(after.afterGc.rss)} MiB`],
          target: '≤ idle + 10 %',
          met: full ? after.afterGc.heapUsed <= 1.1 * heapIdle : undefined,
        },
        {
          metric: `serve's RSS after a ${bytes / 1e6} MB terminal stream ended`,
          value: mib(after.afterGc.rss),
          unit: 'MiB',
          floor: { name: 'idle, before the stream', value: mib(rssIdle) },
          notes: [`peak ${mib(peak)} MiB`, `heapUsed ${mib(after.afterGc.heapUsed)} MiB`, `${(sent / MiB / seconds).toFixed(1)} MiB/s`],
          target: '≤ idle + 10 %',
          met: full ? after.afterGc.rss <= 1.1 * rssIdle : undefined,
        },
      ];
    } finally {
      await rig.stop(context.log);
    }
  },
};

export default bench;
