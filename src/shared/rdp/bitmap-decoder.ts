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

/**
 * A compressed bitmap lying inside a larger buffer (a desktop frame message), and the part of it
 * drawn: its top-left `width × height`, at (x, y). No copy or view of the stream is needed.
 */
export interface RleBitmapInBuffer {
  readonly bytes: Uint8Array;
  /** The interleaved-RLE stream is bytes[start .. end). */
  readonly start: number;
  readonly end: number;
  readonly bitmapWidth: number;
  readonly bitmapHeight: number;
  readonly bitsPerPixel: 16 | 24;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const OPAQUE_BLACK = 0xff000000 | 0;

export class BitmapDecodeError extends Error {
  override readonly name = 'BitmapDecodeError';
}

/**
 * Turns server bitmaps into canvas rectangles: interleaved RLE (16/24 bpp) or uncompressed,
 * bottom-up rows written top-down, padded width cropped to the destination rectangle.
 * Keeps one scratch buffer between calls (for bitmaps that are cropped); not for concurrent use.
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
    if (rgba.length < outWidth * outHeight * 4) throw new RangeError('output buffer too small');
    if (rgba.byteOffset % 4 !== 0) throw new RangeError('output buffer must be 4-byte aligned');
    this.write(bitmap, new Int32Array(rgba.buffer, rgba.byteOffset, outWidth * outHeight), 0, outWidth, outWidth, outHeight);
  }

  /**
   * Decodes straight into a larger image of canvas words (a framebuffer `imageWidth × imageHeight`)
   * at the bitmap's destination, cropped to the image: no buffer of its own, no second copy.
   * Returns the area written, or undefined when the bitmap lies outside the image (imageArea).
   * An RLE stream that turns out broken leaves that area opaque black, then throws.
   */
  decodeIntoImage(bitmap: RawBitmap, image: Int32Array, imageWidth: number, imageHeight: number): FrameArea | undefined {
    if (image.length < imageWidth * imageHeight) throw new RangeError('image buffer too small');
    const area = imageArea(bitmap, imageWidth, imageHeight);
    if (!area) return undefined;
    const { x, y, width, height } = area;
    try {
      this.write(bitmap, image, y * imageWidth + x, imageWidth, width, height);
    } catch (error) {
      blacken(image, imageWidth, x, y, width, height);
      throw error;
    }
    return area;
  }

  /**
   * decodeIntoImage for a bitmap inside a message, with no object made on the way: the page runs
   * this for every bitmap it gets. The drawn part is cropped to the image; a broken stream leaves
   * it opaque black, then throws.
   */
  decodeRleIntoImage(bitmap: RleBitmapInBuffer, image: Int32Array, imageWidth: number, imageHeight: number): void {
    if (image.length < imageWidth * imageHeight) throw new RangeError('image buffer too small');
    const { x, y } = bitmap;
    const width = Math.min(bitmap.width, bitmap.bitmapWidth, imageWidth - x);
    const height = Math.min(bitmap.height, bitmap.bitmapHeight, imageHeight - y);
    if (x < 0 || y < 0 || width <= 0 || height <= 0) return;
    const { bytes, start, end, bitmapWidth, bitmapHeight } = bitmap;
    const bytesPerPixel = bytesPerPixelOf(bitmap.bitsPerPixel);
    try {
      this.writeRle(bytes, start, end, bitmapWidth, bitmapHeight, bytesPerPixel, image, y * imageWidth + x, imageWidth, width, height);
    } catch (error) {
      blacken(image, imageWidth, x, y, width, height);
      throw error;
    }
  }

  /** Writes the bitmap's top-left `outWidth × outHeight` pixels to `out` from word `offset`, rows `stride` words apart. */
  private write(bitmap: RawBitmap, out: Int32Array, offset: number, stride: number, outWidth: number, outHeight: number): void {
    const { width, height, bitsPerPixel, data } = bitmap;
    const bytesPerPixel = bytesPerPixelOf(bitsPerPixel);
    if (bitmap.isCompress) this.writeRle(data, 0, data.length, width, height, bytesPerPixel, out, offset, stride, outWidth, outHeight);
    else convertUncompressed(data, width, height, bytesPerPixel, out, offset, stride, outWidth, outHeight);
  }

  /** write() for the interleaved-RLE stream src[start .. end) of a `width × height` bitmap. */
  private writeRle(
    src: Uint8Array,
    start: number,
    end: number,
    width: number,
    height: number,
    bytesPerPixel: 2 | 3,
    out: Int32Array,
    offset: number,
    stride: number,
    outWidth: number,
    outHeight: number,
  ): void {
    if (outWidth === width && outHeight === height) {
      // Nothing to crop: stream rows (bottom-up) go straight to their place, the first at the bottom.
      decodeInterleavedRle(src, width, height, bytesPerPixel, out, offset + (height - 1) * stride, -stride, start, end);
    } else {
      // The stream refers to the row above at its padded width, so it is decoded whole (top-down) first.
      if (width * height > this.scratch.length) this.scratch = new Int32Array(width * height);
      decodeInterleavedRle(src, width, height, bytesPerPixel, this.scratch, (height - 1) * width, -width, start, end);
      copyRows(this.scratch, width, out, offset, stride, outWidth, outHeight);
    }
  }
}

/** Where a bitmap landed in an image. */
export interface FrameArea {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The part of an `imageWidth × imageHeight` image a bitmap covers; undefined if none. */
export function imageArea(bitmap: RawBitmap, imageWidth: number, imageHeight: number): FrameArea | undefined {
  const { width: outWidth, height: outHeight } = outputSize(bitmap);
  const x = bitmap.destLeft;
  const y = bitmap.destTop;
  const width = Math.min(outWidth, imageWidth - x);
  const height = Math.min(outHeight, imageHeight - y);
  if (x < 0 || y < 0 || width <= 0 || height <= 0) return undefined;
  return { x, y, width, height };
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

/**
 * The checks a bitmap can fail before any pixel is decoded (destination, depth, uncompressed
 * length), so a caller can refuse it up front; an RLE stream's own errors show only while decoding.
 */
export function checkBitmap(bitmap: RawBitmap): { width: number; height: number } {
  const size = outputSize(bitmap);
  const bytesPerPixel = bytesPerPixelOf(bitmap.bitsPerPixel);
  const rowBytes = (bitmap.width * bytesPerPixel + 3) & ~3;
  if (!bitmap.isCompress && bitmap.data.length < rowBytes * bitmap.height) {
    throw new BitmapDecodeError(
      `uncompressed bitmap has ${bitmap.data.length} bytes, ${bitmap.width}x${bitmap.height} needs ${rowBytes * bitmap.height}`,
    );
  }
  return size;
}

/** Paints `width × height` at (x, y) of an image `imageWidth` wide opaque black. */
function blacken(image: Int32Array, imageWidth: number, x: number, y: number, width: number, height: number): void {
  for (let row = 0, at = y * imageWidth + x; row < height; row++, at += imageWidth) image.fill(OPAQUE_BLACK, at, at + width);
}

function bytesPerPixelOf(bitsPerPixel: number): 2 | 3 {
  if (bitsPerPixel === 24) return 3;
  if (bitsPerPixel === 16) return 2;
  // 32 bpp arrives planar-compressed (MS-RDPEGDI 2.2.2.5.1), 15 and 8 bpp are not requested.
  throw new BitmapDecodeError(`unsupported colour depth ${bitsPerPixel} bpp (expected 16 or 24)`);
}

/** The top-left `outWidth × outHeight` of a top-down image `width` wide → rows `stride` words apart in `out`. */
function copyRows(
  src: Int32Array,
  width: number,
  out: Int32Array,
  offset: number,
  stride: number,
  outWidth: number,
  outHeight: number,
): void {
  for (let y = 0; y < outHeight; y++) {
    const from = y * width;
    const to = offset + y * stride;
    for (let i = 0; i < outWidth; i++) out[to + i] = src[from + i]!;
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
  offset: number,
  stride: number,
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
    let o = offset + y * stride;
    const end = o + outWidth;
    if (bytesPerPixel === 3) {
      for (; o < end; s += 3) out[o++] = 0xff000000 | (data[s]! << 16) | (data[s + 1]! << 8) | data[s + 2]!;
    } else {
      for (; o < end; s += 2) out[o++] = table[data[s]! | (data[s + 1]! << 8)]!;
    }
  }
}
