import { createRequire } from 'node:module';
import { outputSize, type DecodedRect, type RawBitmap } from '../../../shared/rdp/bitmap-decoder';

/**
 * node-rdpjs-2's bundled emscripten decoder (rdesktop's bitmap.c), kept only as an independent
 * reference for the decoder tests and as the peer in the decoder benchmark — the app decodes
 * with bitmap-decoder.ts. Its quirks, handled here: the result is a view into memory it has
 * already freed (copied out at once), rows have the padded width (cropped here), at 24 bpp
 * it writes B, G, R, A (swapped to R, G, B, A for canvas), and at 16 bpp it widens a channel
 * as floor(v * 255 / max) where ours repeats the top bits (v << 3 | v >> 2): both are one-to-one
 * on the 32 or 64 levels, so its levels are mapped onto ours and equal output means equal 5-6-5
 * pixels.
 */
interface EmscriptenRle {
  _malloc(size: number): number;
  _free(pointer: number): void;
  HEAPU8: Uint8Array;
  ccall(name: string, returnType: 'number', argTypes: string[], args: number[]): number;
}

const require = createRequire(import.meta.url);
let module: EmscriptenRle | undefined;

function rle(): EmscriptenRle {
  module ??= require('node-rdpjs-2/lib/core/rle.js') as EmscriptenRle;
  return module;
}

const IDENTITY = Uint8Array.from({ length: 256 }, (_, i) => i);
const LEVELS_5 = levelMap(5);
const LEVELS_6 = levelMap(6);

/** The bundled decoder's widened level → ours, for a channel of `bits` bits. */
function levelMap(bits: number): Uint8Array {
  const map = Uint8Array.from(IDENTITY);
  const max = (1 << bits) - 1;
  for (let v = 0; v <= max; v++) map[Math.floor((v * 255) / max)] = (v << (8 - bits)) | (v >> (2 * bits - 8));
  return map;
}

const FUNCTIONS: Record<number, string> = { 16: 'bitmap_decompress_16', 24: 'bitmap_decompress_24' };

/**
 * The bundled decoder exactly as node-rdpjs-2 runs it with `decompress: true` (allocate, decode,
 * free), plus the copy its freed result needs: padded rows, its own channel order. For timing.
 */
export function decodeWithBundledAsShipped(bitmap: RawBitmap): Uint8Array {
  const name = FUNCTIONS[bitmap.bitsPerPixel];
  if (!name || !bitmap.isCompress) throw new Error(`bundled decoder: ${bitmap.bitsPerPixel} bpp, compressed=${bitmap.isCompress}`);
  const m = rle();
  const inputPointer = m._malloc(bitmap.data.length);
  const outputBytes = bitmap.width * bitmap.height * 4;
  const outputPointer = m._malloc(outputBytes);
  m.HEAPU8.set(bitmap.data, inputPointer);
  const args = [outputPointer, bitmap.width, bitmap.height, bitmap.width, bitmap.height, inputPointer, bitmap.data.length];
  m.ccall(name, 'number', ['number', 'number', 'number', 'number', 'number', 'number', 'number'], args);
  const copy = m.HEAPU8.slice(outputPointer, outputPointer + outputBytes);
  m._free(inputPointer);
  m._free(outputPointer);
  return copy;
}

/** Decodes a compressed 16/24 bpp bitmap with the bundled decoder, as canvas RGBA like ours. */
export function decodeWithBundled(bitmap: RawBitmap): DecodedRect {
  const name = FUNCTIONS[bitmap.bitsPerPixel];
  if (!name || !bitmap.isCompress) throw new Error(`bundled decoder: ${bitmap.bitsPerPixel} bpp, compressed=${bitmap.isCompress}`);
  const m = rle();
  const { width, height } = bitmap;
  const inputPointer = m._malloc(bitmap.data.length);
  const outputBytes = width * height * 4;
  const outputPointer = m._malloc(outputBytes);
  try {
    m.HEAPU8.set(bitmap.data, inputPointer);
    const args = [outputPointer, width, height, width, height, inputPointer, bitmap.data.length];
    m.ccall(name, 'number', ['number', 'number', 'number', 'number', 'number', 'number', 'number'], args);
    const out = outputSize(bitmap);
    const rgba = new Uint8ClampedArray(out.width * out.height * 4);
    // HEAPU8 may be replaced when the heap grows: read it after the call.
    const heap = m.HEAPU8;
    const swap = bitmap.bitsPerPixel === 24;
    const [five, six] = bitmap.bitsPerPixel === 16 ? [LEVELS_5, LEVELS_6] : [IDENTITY, IDENTITY];
    for (let y = 0; y < out.height; y++) {
      let s = outputPointer + y * width * 4;
      let o = y * out.width * 4;
      for (let x = 0; x < out.width; x++, s += 4, o += 4) {
        rgba[o] = five[heap[swap ? s + 2 : s]!]!;
        rgba[o + 1] = six[heap[s + 1]!]!;
        rgba[o + 2] = five[heap[swap ? s : s + 2]!]!;
        rgba[o + 3] = heap[s + 3]!;
      }
    }
    return { x: bitmap.destLeft, y: bitmap.destTop, width: out.width, height: out.height, rgba };
  } finally {
    m._free(inputPointer);
    m._free(outputPointer);
  }
}
