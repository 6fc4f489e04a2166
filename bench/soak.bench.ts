import type { Bench, BenchContext, BenchResult } from './bench';
import type { MemoryProbe } from './support/memory-probe-preload';
import { mib, MiB, TerminalRig } from './support/terminal-rig';

/**
 * A terminal streaming about 1 MB/s for 30 minutes (a `while` loop of base64 on the lab host),
 * through serve into Chromium: serve's JS heap (after GC) and RSS read every minute. The second
 * reading (one minute of streaming after the first) is the level; the last must stay within 10 % of
 * it. Tiny: 4 s, a reading every 2 s (the two a level and a last need).
 */
async function settle(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

const bench: Bench = {
  name: 'soak',
  needsSandbox: true,
  async run(context: BenchContext): Promise<BenchResult[]> {
    const full = context.size === 'full';
    const minutes = full ? 30 : 4 / 60;
    const everyMs = full ? 60_000 : 2_000;
    const rig = await TerminalRig.start('bench-soak');
    try {
      await settle(full ? 2000 : 0);
      const from = rig.bytesFromLab();
      const started = performance.now();
      // ~1 MB of text a second: 750 kB of random bytes as base64, then a pause.
      await rig.type('while :; do head -c 750000 /dev/urandom | base64 -w 76; sleep 1; done');
      const readings: { at: number; memory: MemoryProbe; bytes: number }[] = [];
      while (performance.now() - started < minutes * 60_000) {
        await settle(everyMs);
        const memory = await rig.memory();
        const at = (performance.now() - started) / 1000;
        const bytes = rig.bytesFromLab() - from;
        // Flat memory over a stream that stopped (a suspended lab, a dropped connection) proves nothing.
        if (bytes <= (readings.at(-1)?.bytes ?? 0)) throw new Error(`the stream stopped: nothing more from the lab by ${at.toFixed(0)} s`);
        readings.push({ at, memory, bytes });
        context.log(
          `${at.toFixed(0)} s: ${mib(readings.at(-1)!.bytes)} MiB streamed; heapUsed ${mib(memory.afterGc.heapUsed)} MiB after GC, RSS ${mib(memory.afterGc.rss)} MiB`,
        );
      }
      await rig.page.keyboard.press('Control+C');
      const level = readings[Math.min(1, readings.length - 1)]!;
      const last = readings.at(-1)!;
      const rate = last.bytes / MiB / last.at;
      const series = (pick: (m: MemoryProbe) => number) =>
        readings
          .filter((_, i) => i % Math.max(1, Math.floor(readings.length / 6)) === 0 || readings[i] === last)
          .map((r) => mib(pick(r.memory)))
          .join(' → ');
      return [
        {
          metric: `serve's JS heap (after GC) over ${Number(minutes.toFixed(2))} min of a terminal streaming ${rate.toFixed(2)} MiB/s`,
          value: mib(last.memory.afterGc.heapUsed),
          unit: 'MiB',
          floor: { name: `level after the first reading (${level.at.toFixed(0)} s)`, value: mib(level.memory.afterGc.heapUsed) },
          notes: [`readings ${series((m) => m.afterGc.heapUsed)} MiB`],
          target: '≤ level + 10 %',
          met: full ? last.memory.afterGc.heapUsed <= 1.1 * level.memory.afterGc.heapUsed : undefined,
        },
        {
          metric: `serve's RSS over ${Number(minutes.toFixed(2))} min of the same stream`,
          value: mib(last.memory.afterGc.rss),
          unit: 'MiB',
          floor: { name: `level after the first reading (${level.at.toFixed(0)} s)`, value: mib(level.memory.afterGc.rss) },
          notes: [`readings ${series((m) => m.afterGc.rss)} MiB`, `peak ${mib(rig.peakRss())} MiB`, `${mib(last.bytes)} MiB streamed`],
          target: '≤ level + 10 %',
          met: full ? last.memory.afterGc.rss <= 1.1 * level.memory.afterGc.rss : undefined,
        },
      ];
    } finally {
      await rig.stop(context.log);
    }
  },
};

export default bench;
