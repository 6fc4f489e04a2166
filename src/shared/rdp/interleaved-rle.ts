import { RGB565_TO_RGBA } from './pixel-formats';
import * as Order from './interleaved-rle-orders';

/**
 * Interleaved RLE bitmap decompression (MS-RDPBCGR 2.2.9.1.1.3.1.2.4 RLE_BITMAP_STREAM and the
 * RleDecompress pseudo-code of 3.1.9), for 16 bpp (2 bytes a pixel, 5-6-5) and 24 bpp (3 bytes,
 * B G R).
 *
 * It writes opaque canvas pixels (RGBA bytes, read as little-endian words) into `dest`, row after
 * row in stream order: the stream's first row is the bitmap's bottom row, and "the pixel above"
 * in the protocol's sense is the pixel one stream row earlier. Where each stream row goes is the
 * caller's (origin and rowStep): one after the other by default, or bottom-up into a larger top-down image
 * so a bitmap lands in a framebuffer with no flip and no copy. Cropping is bitmap-decoder.ts's job.
 * Pixels are converted as they are read, because the protocol's XOR
 * commutes with the conversion: at 24 bpp it only moves bytes, and at 16 bpp each widened bit is
 * a copy of one source bit. The foreground is kept without alpha so XOR leaves alpha at 0xff.
 * Hot loop: no allocation, typed arrays, int32 words.
 */

/** Thrown when a stream would read past its end or write past the bitmap. */
export class RleDecodeError extends Error {
  override readonly name = 'RleDecodeError';
  constructor(
    message: string,
    readonly sourceOffset: number,
  ) {
    super(`interleaved RLE: ${message} (at byte ${sourceOffset} of the stream)`);
  }
}

// Canvas words (bytes R, G, B, A read little-endian): alpha alone is opaque black.
const ALPHA = 0xff000000 | 0;
const COLOUR_MASK = 0x00ffffff;
const COLOUR_WHITE = 0x00ffffff;

// Bitmasks of the two special fg/bg orders (MS-RDPBCGR 2.2.9.1.1.3.1.2.4).
const MASK_SPECIAL_FGBG_1 = 0x03;
const MASK_SPECIAL_FGBG_2 = 0x05;

/**
 * Decompresses the stream `src[srcStart .. srcEnd)` into `dest`: by default `dest[0 .. width*height)`
 * in stream order. Plain numbers rather than option objects or a subarray: this runs for every
 * bitmap, and the page's garbage collector would clear each of those.
 * @param width the bitmap's (padded) width: the row length of the stream.
 * @param bytesPerPixel 2 (16 bpp) or 3 (24 bpp).
 * @param origin word index in `dest` of the stream's first pixel.
 * @param rowStep words from the start of one stream row to the start of the next: negative for a
 *   bottom-up stream written top-down (the stream's first row at the bottom of the image); at
 *   least `width` in size, so rows never overlap. Nothing outside these rows is written.
 */
export function decodeInterleavedRle(
  src: Uint8Array,
  width: number,
  height: number,
  bytesPerPixel: 2 | 3,
  dest: Int32Array,
  origin = 0,
  rowStep = width,
  srcStart = 0,
  srcEnd = src.length,
): void {
  const total = width * height;
  checkLayout(dest, width, height, origin, rowStep);
  if (srcStart < 0 || srcEnd > src.length || srcStart > srcEnd)
    throw new RangeError(`stream [${srcStart}, ${srcEnd}) outside ${src.length} bytes`);
  const bpp3 = bytesPerPixel === 3;
  const lut = RGB565_TO_RGBA;
  // From the end of one stream row to the start of the next; "the pixel above" is d - rowStep.
  const wrap = rowStep - width;

  let s = srcStart;
  let p = 0; // pixels decoded, in stream order
  let d = origin; // where pixel p goes
  let rowEnd = origin + width;
  let fgPel = COLOUR_WHITE;
  let insertFgPel = false;
  let firstLine = true;

  while (s < srcEnd) {
    // The first-line rule is decided once per order, before it runs (MS-RDPBCGR 3.1.9).
    if (firstLine && p >= width) {
      firstLine = false;
      insertFgPel = false;
    }
    const header = src[s]!;
    const code = Order.ORDER_OF_HEADER[header]!;
    const orderStart = s - srcStart; // for errors: where in the stream

    // Run length, header bytes consumed (MS-RDPBCGR 2.2.9.1.1.3.1.2.4: regular runs carry
    // 5 bits, lite runs 4, 0 means "next byte + 32/16"; fg/bg images count in units of 8,
    // 0 means "next byte + 1"; mega-mega runs carry a 16-bit length).
    let run = 0;
    switch (code) {
      case Order.REGULAR_BG_RUN:
      case Order.REGULAR_FG_RUN:
      case Order.REGULAR_COLOR_RUN:
      case Order.REGULAR_COLOR_IMAGE:
        run = header & 0x1f;
        if (run === 0) {
          if (s + 1 >= srcEnd) throw new RleDecodeError('run length missing', orderStart);
          run = src[s + 1]! + 32;
          s += 2;
        } else s += 1;
        break;
      case Order.REGULAR_FGBG_IMAGE:
        run = header & 0x1f;
        if (run === 0) {
          if (s + 1 >= srcEnd) throw new RleDecodeError('run length missing', orderStart);
          run = src[s + 1]! + 1;
          s += 2;
        } else {
          run *= 8;
          s += 1;
        }
        break;
      case Order.LITE_SET_FG_FG_RUN:
      case Order.LITE_DITHERED_RUN:
        run = header & 0x0f;
        if (run === 0) {
          if (s + 1 >= srcEnd) throw new RleDecodeError('run length missing', orderStart);
          run = src[s + 1]! + 16;
          s += 2;
        } else s += 1;
        break;
      case Order.LITE_SET_FG_FGBG_IMAGE:
        run = header & 0x0f;
        if (run === 0) {
          if (s + 1 >= srcEnd) throw new RleDecodeError('run length missing', orderStart);
          run = src[s + 1]! + 1;
          s += 2;
        } else {
          run *= 8;
          s += 1;
        }
        break;
      case Order.MEGA_MEGA_BG_RUN:
      case Order.MEGA_MEGA_FG_RUN:
      case Order.MEGA_MEGA_SET_FG_RUN:
      case Order.MEGA_MEGA_DITHERED_RUN:
      case Order.MEGA_MEGA_COLOR_RUN:
      case Order.MEGA_MEGA_FGBG_IMAGE:
      case Order.MEGA_MEGA_SET_FGBG_IMAGE:
      case Order.MEGA_MEGA_COLOR_IMAGE:
        if (s + 2 >= srcEnd) throw new RleDecodeError('run length missing', orderStart);
        run = src[s + 1]! | (src[s + 2]! << 8);
        s += 3;
        break;
      case Order.SPECIAL_FGBG_1:
      case Order.SPECIAL_FGBG_2:
      case Order.SPECIAL_WHITE:
      case Order.SPECIAL_BLACK:
        s += 1;
        break;
      default:
        throw new RleDecodeError(`unknown order 0x${header.toString(16)}`, orderStart);
    }

    // Runs are written a row segment at a time (`d` jumps to the next row's start at `rowEnd`);
    // pixel-by-pixel orders check for the row's end after each pixel.
    if (code === Order.REGULAR_BG_RUN || code === Order.MEGA_MEGA_BG_RUN) {
      if (p + run > total) throw new RleDecodeError('background run past the bitmap', orderStart);
      let n = run;
      p += run;
      // A background run right after another one starts with one foreground pixel.
      if (insertFgPel && n > 0) {
        dest[d] = firstLine ? fgPel | ALPHA : dest[d - rowStep]! ^ fgPel;
        n--;
        if (++d === rowEnd) {
          d += wrap;
          rowEnd = d + width;
        }
      }
      while (n > 0) {
        const k = rowEnd - d < n ? rowEnd - d : n;
        // Never past the row: a run longer than a row repeats pixels it wrote itself. Short runs
        // (most of them in text) cost less as a loop than as a call into fill or copyWithin.
        if (firstLine) fillWords(dest, ALPHA, d, d + k);
        else if (k > SHORT_RUN) dest.copyWithin(d, d - rowStep, d - rowStep + k);
        else for (let i = d, end = d + k; i < end; i++) dest[i] = dest[i - rowStep]!;
        d += k;
        n -= k;
        if (d === rowEnd) {
          d += wrap;
          rowEnd = d + width;
        }
      }
      insertFgPel = true;
      continue;
    }
    insertFgPel = false;

    switch (code) {
      case Order.REGULAR_FG_RUN:
      case Order.MEGA_MEGA_FG_RUN:
      case Order.LITE_SET_FG_FG_RUN:
      case Order.MEGA_MEGA_SET_FG_RUN: {
        if (code === Order.LITE_SET_FG_FG_RUN || code === Order.MEGA_MEGA_SET_FG_RUN) {
          if (s + bytesPerPixel > srcEnd) throw new RleDecodeError('foreground colour missing', orderStart);
          fgPel = (bpp3 ? (src[s]! << 16) | (src[s + 1]! << 8) | src[s + 2]! : lut[src[s]! | (src[s + 1]! << 8)]!) & COLOUR_MASK;
          s += bytesPerPixel;
        }
        if (p + run > total) throw new RleDecodeError('foreground run past the bitmap', orderStart);
        p += run;
        let n = run;
        while (n > 0) {
          const k = rowEnd - d < n ? rowEnd - d : n;
          const end = d + k;
          if (firstLine) fillWords(dest, fgPel | ALPHA, d, end);
          else for (let i = d; i < end; i++) dest[i] = dest[i - rowStep]! ^ fgPel;
          d = end;
          n -= k;
          if (d === rowEnd) {
            d += wrap;
            rowEnd = d + width;
          }
        }
        break;
      }
      case Order.LITE_DITHERED_RUN:
      case Order.MEGA_MEGA_DITHERED_RUN: {
        if (s + 2 * bytesPerPixel > srcEnd) throw new RleDecodeError('dithered colours missing', orderStart);
        let a: number;
        let b: number;
        if (bpp3) {
          a = ALPHA | (src[s]! << 16) | (src[s + 1]! << 8) | src[s + 2]!;
          b = ALPHA | (src[s + 3]! << 16) | (src[s + 4]! << 8) | src[s + 5]!;
        } else {
          a = lut[src[s]! | (src[s + 1]! << 8)]!;
          b = lut[src[s + 2]! | (src[s + 3]! << 8)]!;
        }
        s += 2 * bytesPerPixel;
        if (p + 2 * run > total) throw new RleDecodeError('dithered run past the bitmap', orderStart);
        p += 2 * run;
        for (let j = 0; j < 2 * run;) {
          const end = d + (rowEnd - d < 2 * run - j ? rowEnd - d : 2 * run - j);
          for (; d < end; d++, j++) dest[d] = (j & 1) === 0 ? a : b;
          if (d === rowEnd) {
            d += wrap;
            rowEnd = d + width;
          }
        }
        break;
      }
      case Order.REGULAR_COLOR_RUN:
      case Order.MEGA_MEGA_COLOR_RUN: {
        if (s + bytesPerPixel > srcEnd) throw new RleDecodeError('run colour missing', orderStart);
        const pel = bpp3 ? ALPHA | (src[s]! << 16) | (src[s + 1]! << 8) | src[s + 2]! : lut[src[s]! | (src[s + 1]! << 8)]!;
        s += bytesPerPixel;
        if (p + run > total) throw new RleDecodeError('colour run past the bitmap', orderStart);
        p += run;
        let n = run;
        while (n > 0) {
          const k = rowEnd - d < n ? rowEnd - d : n;
          fillWords(dest, pel, d, d + k);
          d += k;
          n -= k;
          if (d === rowEnd) {
            d += wrap;
            rowEnd = d + width;
          }
        }
        break;
      }
      case Order.REGULAR_FGBG_IMAGE:
      case Order.MEGA_MEGA_FGBG_IMAGE:
      case Order.LITE_SET_FG_FGBG_IMAGE:
      case Order.MEGA_MEGA_SET_FGBG_IMAGE:
      case Order.SPECIAL_FGBG_1:
      case Order.SPECIAL_FGBG_2: {
        let mask = 0;
        let maskBytes = 0;
        if (code === Order.SPECIAL_FGBG_1 || code === Order.SPECIAL_FGBG_2) {
          // 8-pixel images with a fixed bitmask (MS-RDPBCGR 2.2.9.1.1.3.1.2.4).
          mask = code === Order.SPECIAL_FGBG_1 ? MASK_SPECIAL_FGBG_1 : MASK_SPECIAL_FGBG_2;
          run = 8;
          if (p + run > total) throw new RleDecodeError('special fg/bg order past the bitmap', orderStart);
        } else {
          if (code === Order.LITE_SET_FG_FGBG_IMAGE || code === Order.MEGA_MEGA_SET_FGBG_IMAGE) {
            if (s + bytesPerPixel > srcEnd) throw new RleDecodeError('foreground colour missing', orderStart);
            fgPel = (bpp3 ? (src[s]! << 16) | (src[s + 1]! << 8) | src[s + 2]! : lut[src[s]! | (src[s + 1]! << 8)]!) & COLOUR_MASK;
            s += bytesPerPixel;
          }
          // One bitmask byte per 8 pixels, least significant bit first.
          maskBytes = (run + 7) >> 3;
          if (s + maskBytes > srcEnd) throw new RleDecodeError('fg/bg bitmask missing', orderStart);
          if (p + run > total) throw new RleDecodeError('fg/bg image past the bitmap', orderStart);
        }
        p += run;
        // A set bit: the foreground (first line) or the pixel above XOR it; a clear bit: black or the pixel above.
        // Without a branch per pixel (the bits of text are as good as random): -bit is all ones or none;
        // the eight pixels of a mask byte that fits the row are written at once.
        for (let i = 0; i < run;) {
          const end = d + (rowEnd - d < run - i ? rowEnd - d : run - i);
          if (firstLine) {
            for (; d < end; d++, i++) {
              if ((i & 7) === 0) {
                if (maskBytes > 0) mask = src[s + (i >> 3)]!;
                if (end - d >= 8) {
                  dest[d] = ALPHA | (fgPel & -(mask & 1));
                  dest[d + 1] = ALPHA | (fgPel & -((mask >> 1) & 1));
                  dest[d + 2] = ALPHA | (fgPel & -((mask >> 2) & 1));
                  dest[d + 3] = ALPHA | (fgPel & -((mask >> 3) & 1));
                  dest[d + 4] = ALPHA | (fgPel & -((mask >> 4) & 1));
                  dest[d + 5] = ALPHA | (fgPel & -((mask >> 5) & 1));
                  dest[d + 6] = ALPHA | (fgPel & -((mask >> 6) & 1));
                  dest[d + 7] = ALPHA | (fgPel & -((mask >> 7) & 1));
                  d += 7;
                  i += 7;
                  continue;
                }
              }
              dest[d] = ALPHA | (fgPel & -((mask >> (i & 7)) & 1));
            }
          } else {
            for (; d < end; d++, i++) {
              if ((i & 7) === 0) {
                if (maskBytes > 0) mask = src[s + (i >> 3)]!;
                if (end - d >= 8) {
                  const a = d - rowStep;
                  dest[d] = dest[a]! ^ (fgPel & -(mask & 1));
                  dest[d + 1] = dest[a + 1]! ^ (fgPel & -((mask >> 1) & 1));
                  dest[d + 2] = dest[a + 2]! ^ (fgPel & -((mask >> 2) & 1));
                  dest[d + 3] = dest[a + 3]! ^ (fgPel & -((mask >> 3) & 1));
                  dest[d + 4] = dest[a + 4]! ^ (fgPel & -((mask >> 4) & 1));
                  dest[d + 5] = dest[a + 5]! ^ (fgPel & -((mask >> 5) & 1));
                  dest[d + 6] = dest[a + 6]! ^ (fgPel & -((mask >> 6) & 1));
                  dest[d + 7] = dest[a + 7]! ^ (fgPel & -((mask >> 7) & 1));
                  d += 7;
                  i += 7;
                  continue;
                }
              }
              dest[d] = dest[d - rowStep]! ^ (fgPel & -((mask >> (i & 7)) & 1));
            }
          }
          if (d === rowEnd) {
            d += wrap;
            rowEnd = d + width;
          }
        }
        s += maskBytes;
        break;
      }
      case Order.REGULAR_COLOR_IMAGE:
      case Order.MEGA_MEGA_COLOR_IMAGE: {
        if (s + run * bytesPerPixel > srcEnd) throw new RleDecodeError('colour image data missing', orderStart);
        if (p + run > total) throw new RleDecodeError('colour image past the bitmap', orderStart);
        p += run;
        for (let n = run; n > 0;) {
          const k = rowEnd - d < n ? rowEnd - d : n;
          const end = d + k;
          if (bpp3) for (; d < end; d++, s += 3) dest[d] = ALPHA | (src[s]! << 16) | (src[s + 1]! << 8) | src[s + 2]!;
          else for (; d < end; d++, s += 2) dest[d] = lut[src[s]! | (src[s + 1]! << 8)]!;
          n -= k;
          if (d === rowEnd) {
            d += wrap;
            rowEnd = d + width;
          }
        }
        break;
      }
      case Order.SPECIAL_WHITE:
      case Order.SPECIAL_BLACK:
        if (p >= total) throw new RleDecodeError('pixel past the bitmap', orderStart);
        p += 1;
        dest[d] = code === Order.SPECIAL_WHITE ? COLOUR_WHITE | ALPHA : ALPHA;
        if (++d === rowEnd) {
          d += wrap;
          rowEnd = d + width;
        }
        break;
    }
  }
  // A stream that ends early leaves the rest black rather than the last bitmap's pixels.
  while (p < total) {
    const k = rowEnd - d < total - p ? rowEnd - d : total - p;
    dest.fill(ALPHA, d, d + k);
    d += wrap + k;
    rowEnd = d + width;
    p += k;
  }
}

/** Runs up to this long are written by a loop rather than a call into fill or copyWithin (measured on xrdp's captures). */
const SHORT_RUN = 16;

/** dest.fill(word, from, to), as a loop for short runs. */
function fillWords(dest: Int32Array, word: number, from: number, to: number): void {
  if (to - from > SHORT_RUN) dest.fill(word, from, to);
  else for (let i = from; i < to; i++) dest[i] = word;
}

function checkLayout(dest: Int32Array, width: number, height: number, origin: number, rowStep: number): void {
  if (width <= 0 || height <= 0) {
    if (width * height === 0) return;
    throw new RangeError(`a ${width}x${height} bitmap`);
  }
  if (Math.abs(rowStep) < width) throw new RangeError(`rows ${rowStep} words apart overlap rows of ${width} pixels`);
  const last = origin + (height - 1) * rowStep;
  const lowest = Math.min(origin, last);
  const highest = Math.max(origin, last) + width;
  if (lowest < 0 || highest > dest.length) {
    throw new RangeError(`destination holds ${dest.length} pixels, the bitmap's rows reach from ${lowest} to ${highest}`);
  }
}
