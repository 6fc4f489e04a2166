import { cpus } from 'node:os';
import { BitmapDecoder, outputSize, type RawBitmap, type RleBitmapInBuffer } from '../src/shared/rdp/bitmap-decoder';
import { decodeWithBundledAsShipped } from '../src/core/connect/rdp/bundled-decoder';
import { readCapture } from '../test/data/rdp/capture-format';
import type { Bench, BenchContext, BenchResult } from './bench';

/**
 * Interleaved-RLE decoding speed on the bitmaps captured from xrdp (test/data/rdp), ours beside
 * node-rdpjs-2's bundled emscripten decoder in the same run, both warmed up alike first. Ours is
 * judged on the page's path — each stream read where it lies, decoded straight into one kept
 * framebuffer (DesktopFramebuffer) — and printed on the old path too, a fresh buffer per bitmap,
 * whose allocation and zeroing moved the figure 3× from one run to the next. Pixels are counted as
 * sent (width × height of each bitmap), per second of the process's CPU time (GC included); each
 * pass decodes every captured compressed bitmap once.
 */
const CAPTURES = ['scroll-16bpp', 'scroll-24bpp', 'static-16bpp', 'static-24bpp'];

/** A captured bitmap, and the same as the page finds it in a message. */
interface Captured {
  readonly raw: RawBitmap;
  readonly inBuffer: RleBitmapInBuffer;
}

interface Speed {
  mpixPerSecond: number;
  passes: number;
}

/** Runs passes for at least `seconds` of CPU time: on a shared machine, wall time would count waiting. */
function measure(bitmaps: readonly Captured[], decode: (bitmap: Captured) => void, seconds: number, minPasses: number): Speed {
  const pixels = bitmaps.reduce((sum, b) => sum + b.raw.width * b.raw.height, 0);
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
      const raw = CAPTURES.filter((c) => c.endsWith(`${bpp}bpp`))
        .flatMap((c) => readCapture(`${c}.rdpcap`))
        .filter((b) => b.isCompress);
      const bitmaps = raw.map((b): Captured => ({ raw: b, inBuffer: inBuffer(b) }));
      const decoder = new BitmapDecoder();
      const framebuffer = framebufferFor(raw);
      const oursDecode = (b: Captured) => decoder.decodeRleIntoImage(b.inBuffer, framebuffer.image, framebuffer.width, framebuffer.height);
      const freshBufferDecode = (b: Captured) => decoder.decodeInto(b.raw, new Uint8ClampedArray(area(b.raw) * 4));
      const bundledDecode = (b: Captured) => decodeWithBundledAsShipped(b.raw);
      // All warmed up alike, each with the very call it is then timed on: 20 passes (JIT, emscripten heap), dropped.
      for (const decode of [oursDecode, freshBufferDecode, bundledDecode]) measure(bitmaps, decode, 0, full ? 20 : 1);
      const speed = measure(bitmaps, oursDecode, full ? 3 : 0, full ? 5 : 1);
      const freshBuffer = measure(bitmaps, freshBufferDecode, full ? 3 : 0, full ? 5 : 1);
      const bundled = measure(bitmaps, bundledDecode, full ? 3 : 0, full ? 5 : 1);
      context.log(
        `${bpp} bpp: ours ${speed.mpixPerSecond.toFixed(1)} Mpix per CPU-second into the page's framebuffer (${speed.passes} passes), ${freshBuffer.mpixPerSecond.toFixed(1)} into a fresh buffer per bitmap, bundled ${bundled.mpixPerSecond.toFixed(1)} on ${machine}`,
      );
      results.push({
        metric: `interleaved RLE decode into the page's framebuffer, ${bpp} bpp xrdp captures, Mpix per CPU-second, ${machine}`,
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

/** A framebuffer as large as the captures' desktop (the furthest bitmap's corner). */
function framebufferFor(bitmaps: readonly RawBitmap[]): { image: Int32Array; width: number; height: number } {
  const width = Math.max(...bitmaps.map((b) => b.destLeft + outputSize(b).width));
  const height = Math.max(...bitmaps.map((b) => b.destTop + outputSize(b).height));
  return { image: new Int32Array(width * height), width, height };
}

/** The bitmap as the page sees it: its stream where it lies, its drawn part at its destination. */
function inBuffer(bitmap: RawBitmap): RleBitmapInBuffer {
  const { width, height } = outputSize(bitmap);
  const bitsPerPixel = bitmap.bitsPerPixel === 16 ? 16 : 24;
  const { data } = bitmap;
  return {
    bytes: data,
    start: 0,
    end: data.length,
    bitmapWidth: bitmap.width,
    bitmapHeight: bitmap.height,
    bitsPerPixel,
    x: bitmap.destLeft,
    y: bitmap.destTop,
    width,
    height,
  };
}

function area(bitmap: RawBitmap): number {
  const { width, height } = outputSize(bitmap);
  return width * height;
}

const round = (x: number) => Math.round(x * 10) / 10;

export default bench;
