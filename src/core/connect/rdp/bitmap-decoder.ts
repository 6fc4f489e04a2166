import { decodeInterleavedRle } from './interleaved-rle';
import { RGB565_TO_RGBA } from './pixel-formats';

/** One TS_BITMAP_DATA rectangle as the server sent it (MS-RDPBCGR 2.2.9.1.1.3.1.2.2). */
export interface RawBitmap {
  readonly destLeft: number;
  readonly destTop: number;
  /** Inclusive. */
  readonly destRight: number;
  /** Inclusive. */
  readonly destBottom: number;
  /** Width of the encoded bitmap; may be padded beyond the destination rectangle. */
  readonly width: number;
  readonly height: number;
  readonly bitsPerPixel: number;
  readonly isCompress: boolean;
  readonly data: Uint8Array;
}

/** A decoded rectangle ready for `new ImageData(rgba, width, height)`: top-down, RGBA, opaque. */
export interface DecodedRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
}

export class BitmapDecodeError extends Error {
  override readonly name = 'BitmapDecodeError';
}

/**
 * Turns server bitmaps into canvas rectangles: interleaved RLE (16/24 bpp) or uncompressed,
 * bottom-up rows flipped, padded width cropped to the destination rectangle.
 * Keeps one scratch buffer between calls; not for concurrent use.
 */
export class BitmapDecoder {
  private scratch = new Int32Array(64 * 64);

  /** Decodes into a fresh buffer the caller owns (it may be transferred elsewhere). */
  decode(bitmap: RawBitmap): DecodedRect {
    const { width, height } = outputSize(bitmap);
    const rgba = new Uint8ClampedArray(width * height * 4);
    this.decodeInto(bitmap, rgba);
    return { x: bitmap.destLeft, y: bitmap.destTop, width, height, rgba };
  }

  /** Decodes into `rgba`, which must hold at least outputSize(bitmap) pixels. */
  decodeInto(bitmap: RawBitmap, rgba: Uint8ClampedArray): void {
    const { width: outWidth, height: outHeight } = outputSize(bitmap);
    const { width, height, bitsPerPixel } = bitmap;
    if (rgba.length < outWidth * outHeight * 4) throw new RangeError('output buffer too small');
    if (rgba.byteOffset % 4 !== 0) throw new RangeError('output buffer must be 4-byte aligned');
    const out = new Int32Array(rgba.buffer, rgba.byteOffset, outWidth * outHeight);

    const bytesPerPixel = bytesPerPixelOf(bitsPerPixel);
    if (bitmap.isCompress) {
      if (width * height > this.scratch.length) this.scratch = new Int32Array(width * height);
      decodeInterleavedRle(bitmap.data, width, height, bytesPerPixel, this.scratch);
      flipRows(this.scratch, width, height, out, outWidth, outHeight);
    } else {
      convertUncompressed(bitmap.data, width, height, bytesPerPixel, out, outWidth, outHeight);
    }
  }
}

/** The destination rectangle's size (inclusive bounds), never more than the encoded bitmap. */
export function outputSize(bitmap: RawBitmap): { width: number; height: number } {
  const width = Math.min(bitmap.destRight - bitmap.destLeft + 1, bitmap.width);
  const height = Math.min(bitmap.destBottom - bitmap.destTop + 1, bitmap.height);
  if (width <= 0 || height <= 0) {
    throw new BitmapDecodeError(
      `empty destination rectangle (${bitmap.destLeft},${bitmap.destTop})-(${bitmap.destRight},${bitmap.destBottom})`,
    );
  }
  return { width, height };
}

function bytesPerPixelOf(bitsPerPixel: number): 2 | 3 {
  if (bitsPerPixel === 24) return 3;
  if (bitsPerPixel === 16) return 2;
  // 32 bpp arrives planar-compressed (MS-RDPEGDI 2.2.2.5.1), 15 and 8 bpp are not requested.
  throw new BitmapDecodeError(`unsupported colour depth ${bitsPerPixel} bpp (expected 16 or 24)`);
}

/** Stream rows (bottom-up, padded width) → canvas rows (top-down, cropped). */
function flipRows(src: Int32Array, width: number, height: number, out: Int32Array, outWidth: number, outHeight: number): void {
  for (let y = 0; y < outHeight; y++) {
    const from = (height - 1 - y) * width;
    out.set(src.subarray(from, from + outWidth), y * outWidth);
  }
}

/**
 * Uncompressed bitmap data: bottom-up rows of little-endian pixels (B, G, R at 24 bpp),
 * each row padded to a multiple of 4 bytes (MS-RDPBCGR 2.2.9.1.1.3.1.2.2).
 */
function convertUncompressed(
  data: Uint8Array,
  width: number,
  height: number,
  bytesPerPixel: 2 | 3,
  out: Int32Array,
  outWidth: number,
  outHeight: number,
): void {
  const rowBytes = (width * bytesPerPixel + 3) & ~3;
  if (data.length < rowBytes * height) {
    throw new BitmapDecodeError(`uncompressed bitmap has ${data.length} bytes, ${width}x${height} needs ${rowBytes * height}`);
  }
  const table = RGB565_TO_RGBA;
  for (let y = 0; y < outHeight; y++) {
    let s = (height - 1 - y) * rowBytes;
    let o = y * outWidth;
    const end = o + outWidth;
    if (bytesPerPixel === 3) {
      for (; o < end; s += 3) out[o++] = 0xff000000 | (data[s]! << 16) | (data[s + 1]! << 8) | data[s + 2]!;
    } else {
      for (; o < end; s += 2) out[o++] = table[data[s]! | (data[s + 1]! << 8)]!;
    }
  }
}
