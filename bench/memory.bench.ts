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

/**
 * serve at rest: the reading with the lowest RSS of `count`, `everyMs` apart, each after a full
 * collection. One reading depends on when it falls: V8 keeps the young generation it grew for a
 * burst (up to 16 MiB) until a collection finds allocation slow, which may take seconds. Idle and
 * after-stream figures are read alike, so neither side gains from this.
 */
async function atRest(rig: TerminalRig, count: number, everyMs: number): Promise<{ reading: MemoryProbe; rss: number[] }> {
  const readings: MemoryProbe[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) await settle(everyMs);
    readings.push(await rig.memory());
  }
  const reading = readings.reduce((low, m) => (m.afterGc.rss < low.afterGc.rss ? m : low));
  return { reading, rss: readings.map((m) => mib(m.afterGc.rss)) };
}

const describe = (m: MemoryProbe) =>
  `heapUsed ${mib(m.asIs.heapUsed)} MiB (${mib(m.afterGc.heapUsed)} after GC), RSS ${mib(m.asIs.rss)} MiB (${mib(m.afterGc.rss)} after GC), external ${mib(m.afterGc.external)} MiB; ` +
  `resident: V8 heap ${mib(m.v8Physical)} (${Object.entries(m.v8Spaces)
    .filter(([, v]) => v > 0.5 * MiB)
    .map(([k, v]) => `${k.replace('_space', '')} ${mib(v)}`)
    .join(', ')}), malloc [heap] ${mib(m.byMapping.mallocHeap)}, thread arenas ${mib(m.byMapping.threadArenas)}, ` +
  `other anonymous ${mib(m.byMapping.otherAnonymous)}, files ${mib(m.byMapping.files)} MiB`;

const bench: Bench = {
  name: 'memory',
  needsSandbox: true,
  async run(context: BenchContext): Promise<BenchResult[]> {
    const full = context.size === 'full';
    const bytes = (full ? 50 : 2) * 1_000_000;
    // Pauses that let serve's memory settle for a reading worth comparing; the tiny size compares nothing.
    const settleMs = full ? { idle: 3000, quiet: 2000, after: 3000 } : { idle: 0, quiet: 500, after: 0 };
    const readings = full ? { count: 5, everyMs: 3000 } : { count: 1, everyMs: 0 };
    const rig = await TerminalRig.start('bench-memory');
    try {
      await settle(settleMs.idle);
      const { reading: idle, rss: idleRss } = await atRest(rig, readings.count, readings.everyMs);
      context.log(`idle (RSS after GC ${idleRss.join(', ')} MiB; the lowest): ${describe(idle)}`);
      const from = rig.bytesFromLab();
      const started = performance.now();
      await rig.type(`yes "$(head -c 57 /dev/urandom | base64)" | head -c ${bytes}; echo done-$((40+2))`);
      const { bytes: sent, at } = await rig.streamed(from, bytes, settleMs.quiet, 900_000);
      await rig.page.locator('.terminal-view:not([hidden]) .xterm-rows').filter({ hasText: 'done-42' }).waitFor({ timeout: 300_000 });
      const seconds = (at - started) / 1000;
      await settle(settleMs.after);
      const { reading: after, rss: afterRss } = await atRest(rig, readings.count, readings.everyMs);
      const peak = rig.peakRss();
      context.log(
        `after ${mib(sent)} MiB in ${seconds.toFixed(1)} s (RSS after GC ${afterRss.join(', ')} MiB; the lowest): ${describe(after)}; peak RSS ${mib(peak)} MiB`,
      );
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
