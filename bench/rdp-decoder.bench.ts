import { cpus } from 'node:os';
import { BitmapDecoder, outputSize, type RawBitmap } from '../src/shared/rdp/bitmap-decoder';
import { decodeWithBundledAsShipped } from '../src/core/connect/rdp/bundled-decoder';
import { readCapture } from '../test/data/rdp/capture-format';
import type { Bench, BenchContext, BenchResult } from './bench';

/**
 * Interleaved-RLE decoding speed on the bitmaps captured from xrdp (test/data/rdp), ours beside
 * node-rdpjs-2's bundled emscripten decoder in the same run, both warmed up alike first. Pixels are counted as sent
 * (width × height of each bitmap), per second of the process's CPU time (GC included); each
 * pass decodes every captured bitmap once.
 */
const CAPTURES = ['scroll-16bpp', 'scroll-24bpp', 'static-16bpp', 'static-24bpp'];

interface Speed {
  mpixPerSecond: number;
  passes: number;
}

/** Runs passes for at least `seconds` of CPU time: on a shared machine, wall time would count waiting. */
function measure(bitmaps: readonly RawBitmap[], decode: (bitmap: RawBitmap) => void, seconds: number, minPasses: number): Speed {
  const pixels = bitmaps.reduce((sum, b) => sum + b.width * b.height, 0);
  let passes = 0;
  const start = process.cpuUsage();
  let cpu = 0;
  do {
    for (const bitmap of bitmaps) decode(bitmap);
    passes++;
    const used = process.cpuUsage(start);
    cpu = (used.user + used.system) / 1e6;
  } while (passes < minPasses || cpu < seconds);
  return { mpixPerSecond: (pixels * passes) / Math.max(cpu, 1e-6) / 1e6, passes };
}

const bench: Bench = {
  name: 'rdp-decoder',
  needsSandbox: false,
  async run(context: BenchContext): Promise<BenchResult[]> {
    const full = context.size === 'full';
    const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${cpus().length} cores)`;
    const results: BenchResult[] = [];
    for (const bpp of [16, 24]) {
      const bitmaps = CAPTURES.filter((c) => c.endsWith(`${bpp}bpp`)).flatMap((c) => readCapture(`${c}.rdpcap`));
      const decoder = new BitmapDecoder();
      // The app decodes into a fresh buffer per rectangle (it is handed to the renderer); so here.
      const oursDecode = (b: RawBitmap) => decoder.decodeInto(b, new Uint8ClampedArray(area(b) * 4));
      const bundledDecode = (b: RawBitmap) => decodeWithBundledAsShipped(b);
      // Both warmed up alike, each with the very call it is then timed on: 20 passes (JIT, emscripten heap), dropped.
      measure(bitmaps, oursDecode, 0, full ? 20 : 1);
      measure(bitmaps, bundledDecode, 0, full ? 20 : 1);
      const speed = measure(bitmaps, oursDecode, full ? 3 : 0, full ? 5 : 1);
      const bundled = measure(bitmaps, bundledDecode, full ? 3 : 0, full ? 5 : 1);
      context.log(
        `${bpp} bpp: ours ${speed.mpixPerSecond.toFixed(1)} Mpix per CPU-second (${speed.passes} passes), bundled ${bundled.mpixPerSecond.toFixed(1)} on ${machine}`,
      );
      results.push({
        metric: `interleaved RLE decode, ${bpp} bpp xrdp captures, Mpix per CPU-second, ${machine}`,
        value: round(speed.mpixPerSecond),
        unit: 'Mpix/s',
        peer: { name: 'node-rdpjs-2 bundled emscripten decoder', value: round(bundled.mpixPerSecond) },
        target: '≥ 100 Mpix/s',
        met: full ? speed.mpixPerSecond >= 100 : undefined,
      });
    }
    return results;
  },
};

function area(bitmap: RawBitmap): number {
  const { width, height } = outputSize(bitmap);
  return width * height;
}

const round = (x: number) => Math.round(x * 10) / 10;

export default bench;
