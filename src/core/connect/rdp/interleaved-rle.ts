import { RGB565_TO_RGBA } from './pixel-formats';

/**
 * Interleaved RLE bitmap decompression (MS-RDPBCGR 2.2.9.1.1.3.1.2.4 RLE_BITMAP_STREAM and the
 * RleDecompress pseudo-code of 3.1.9), for 16 bpp (2 bytes a pixel, 5-6-5) and 24 bpp (3 bytes,
 * B G R).
 *
 * It writes opaque canvas pixels (RGBA bytes, read as little-endian words) into `dest`, row after
 * row in stream order: the stream's first row is the bitmap's bottom row, and "the pixel above"
 * in the protocol's sense is the pixel one stream row earlier; flipping and cropping is
 * bitmap-decoder.ts's job. Pixels are converted as they are read, because the protocol's XOR
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

// Order codes (MS-RDPBCGR 2.2.9.1.1.3.1.2.4). Regular orders use the top 3 bits,
// lite orders the top 4, mega-mega and special orders the whole byte.
const REGULAR_BG_RUN = 0x0;
const REGULAR_FG_RUN = 0x1;
const REGULAR_FGBG_IMAGE = 0x2;
const REGULAR_COLOR_RUN = 0x3;
const REGULAR_COLOR_IMAGE = 0x4;
const LITE_SET_FG_FG_RUN = 0xc;
const LITE_SET_FG_FGBG_IMAGE = 0xd;
const LITE_DITHERED_RUN = 0xe;
const MEGA_MEGA_BG_RUN = 0xf0;
const MEGA_MEGA_FG_RUN = 0xf1;
const MEGA_MEGA_FGBG_IMAGE = 0xf2;
const MEGA_MEGA_COLOR_RUN = 0xf3;
const MEGA_MEGA_COLOR_IMAGE = 0xf4;
const MEGA_MEGA_SET_FG_RUN = 0xf6;
const MEGA_MEGA_SET_FGBG_IMAGE = 0xf7;
const MEGA_MEGA_DITHERED_RUN = 0xf8;
const SPECIAL_FGBG_1 = 0xf9;
const SPECIAL_FGBG_2 = 0xfa;
const SPECIAL_WHITE = 0xfd;
const SPECIAL_BLACK = 0xfe;

// Canvas words (bytes R, G, B, A read little-endian): alpha alone is opaque black.
const ALPHA = 0xff000000 | 0;
const COLOUR_MASK = 0x00ffffff;
const COLOUR_WHITE = 0x00ffffff;

// Bitmasks of the two special fg/bg orders (MS-RDPBCGR 2.2.9.1.1.3.1.2.4).
const MASK_SPECIAL_FGBG_1 = 0x03;
const MASK_SPECIAL_FGBG_2 = 0x05;

/**
 * Decompresses `src` into `dest[0 .. width*height)`.
 * @param width the bitmap's (padded) width: the row length of the stream.
 * @param bytesPerPixel 2 (16 bpp) or 3 (24 bpp).
 */
export function decodeInterleavedRle(src: Uint8Array, width: number, height: number, bytesPerPixel: 2 | 3, dest: Int32Array): void {
  const rowDelta = width;
  const destEnd = width * height;
  if (dest.length < destEnd) throw new RangeError(`destination holds ${dest.length} pixels, need ${destEnd}`);
  const srcEnd = src.length;
  const bpp3 = bytesPerPixel === 3;
  const lut = RGB565_TO_RGBA;

  let s = 0;
  let d = 0;
  let fgPel = COLOUR_WHITE;
  let insertFgPel = false;
  let firstLine = true;

  while (s < srcEnd) {
    // The first-line rule is decided once per order, before it runs (MS-RDPBCGR 3.1.9).
    if (firstLine && d >= rowDelta) {
      firstLine = false;
      insertFgPel = false;
    }
    const header = src[s]!;
    const code = (header & 0xc0) !== 0xc0 ? header >> 5 : (header & 0xf0) === 0xf0 ? header : header >> 4;
    const orderStart = s;

    // Run length, header bytes consumed (MS-RDPBCGR 2.2.9.1.1.3.1.2.4: regular runs carry
    // 5 bits, lite runs 4, 0 means "next byte + 32/16"; fg/bg images count in units of 8,
    // 0 means "next byte + 1"; mega-mega runs carry a 16-bit length).
    let run = 0;
    switch (code) {
      case REGULAR_BG_RUN:
      case REGULAR_FG_RUN:
      case REGULAR_COLOR_RUN:
      case REGULAR_COLOR_IMAGE:
        run = header & 0x1f;
        if (run === 0) {
          if (s + 1 >= srcEnd) throw new RleDecodeError('run length missing', orderStart);
          run = src[s + 1]! + 32;
          s += 2;
        } else s += 1;
        break;
      case REGULAR_FGBG_IMAGE:
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
      case LITE_SET_FG_FG_RUN:
      case LITE_DITHERED_RUN:
        run = header & 0x0f;
        if (run === 0) {
          if (s + 1 >= srcEnd) throw new RleDecodeError('run length missing', orderStart);
          run = src[s + 1]! + 16;
          s += 2;
        } else s += 1;
        break;
      case LITE_SET_FG_FGBG_IMAGE:
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
      case MEGA_MEGA_BG_RUN:
      case MEGA_MEGA_FG_RUN:
      case MEGA_MEGA_SET_FG_RUN:
      case MEGA_MEGA_DITHERED_RUN:
      case MEGA_MEGA_COLOR_RUN:
      case MEGA_MEGA_FGBG_IMAGE:
      case MEGA_MEGA_SET_FGBG_IMAGE:
      case MEGA_MEGA_COLOR_IMAGE:
        if (s + 2 >= srcEnd) throw new RleDecodeError('run length missing', orderStart);
        run = src[s + 1]! | (src[s + 2]! << 8);
        s += 3;
        break;
      case SPECIAL_FGBG_1:
      case SPECIAL_FGBG_2:
      case SPECIAL_WHITE:
      case SPECIAL_BLACK:
        s += 1;
        break;
      default:
        throw new RleDecodeError(`unknown order 0x${header.toString(16)}`, orderStart);
    }

    if (code === REGULAR_BG_RUN || code === MEGA_MEGA_BG_RUN) {
      if (d + run > destEnd) throw new RleDecodeError('background run past the bitmap', orderStart);
      const end = d + run;
      if (firstLine) {
        // A background run right after another one starts with one foreground pixel.
        if (insertFgPel && d < end) dest[d++] = fgPel | ALPHA;
        dest.fill(ALPHA, d, end);
      } else {
        if (insertFgPel && d < end) {
          dest[d] = dest[d - rowDelta]! ^ fgPel;
          d++;
        }
        // Copy at most a row at a time: a run longer than a row repeats pixels it wrote itself.
        while (d < end) {
          const n = end - d < rowDelta ? end - d : rowDelta;
          dest.copyWithin(d, d - rowDelta, d - rowDelta + n);
          d += n;
        }
      }
      d = end;
      insertFgPel = true;
      continue;
    }
    insertFgPel = false;

    switch (code) {
      case REGULAR_FG_RUN:
      case MEGA_MEGA_FG_RUN:
      case LITE_SET_FG_FG_RUN:
      case MEGA_MEGA_SET_FG_RUN: {
        if (code === LITE_SET_FG_FG_RUN || code === MEGA_MEGA_SET_FG_RUN) {
          if (s + bytesPerPixel > srcEnd) throw new RleDecodeError('foreground colour missing', orderStart);
          fgPel = (bpp3 ? (src[s]! << 16) | (src[s + 1]! << 8) | src[s + 2]! : lut[src[s]! | (src[s + 1]! << 8)]!) & COLOUR_MASK;
          s += bytesPerPixel;
        }
        if (d + run > destEnd) throw new RleDecodeError('foreground run past the bitmap', orderStart);
        const end = d + run;
        if (firstLine) {
          dest.fill(fgPel | ALPHA, d, end);
        } else {
          for (; d < end; d++) dest[d] = dest[d - rowDelta]! ^ fgPel;
        }
        d = end;
        break;
      }
      case LITE_DITHERED_RUN:
      case MEGA_MEGA_DITHERED_RUN: {
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
        if (d + 2 * run > destEnd) throw new RleDecodeError('dithered run past the bitmap', orderStart);
        for (let i = 0; i < run; i++) {
          dest[d++] = a;
          dest[d++] = b;
        }
        break;
      }
      case REGULAR_COLOR_RUN:
      case MEGA_MEGA_COLOR_RUN: {
        if (s + bytesPerPixel > srcEnd) throw new RleDecodeError('run colour missing', orderStart);
        const pel = bpp3 ? ALPHA | (src[s]! << 16) | (src[s + 1]! << 8) | src[s + 2]! : lut[src[s]! | (src[s + 1]! << 8)]!;
        s += bytesPerPixel;
        if (d + run > destEnd) throw new RleDecodeError('colour run past the bitmap', orderStart);
        dest.fill(pel, d, d + run);
        d += run;
        break;
      }
      case REGULAR_FGBG_IMAGE:
      case MEGA_MEGA_FGBG_IMAGE:
      case LITE_SET_FG_FGBG_IMAGE:
      case MEGA_MEGA_SET_FGBG_IMAGE: {
        if (code === LITE_SET_FG_FGBG_IMAGE || code === MEGA_MEGA_SET_FGBG_IMAGE) {
          if (s + bytesPerPixel > srcEnd) throw new RleDecodeError('foreground colour missing', orderStart);
          fgPel = (bpp3 ? (src[s]! << 16) | (src[s + 1]! << 8) | src[s + 2]! : lut[src[s]! | (src[s + 1]! << 8)]!) & COLOUR_MASK;
          s += bytesPerPixel;
        }
        // One bitmask byte per 8 pixels, least significant bit first.
        if (s + ((run + 7) >> 3) > srcEnd) throw new RleDecodeError('fg/bg bitmask missing', orderStart);
        if (d + run > destEnd) throw new RleDecodeError('fg/bg image past the bitmap', orderStart);
        d = firstLine ? writeFirstLineFgBg(src, s, run, fgPel, dest, d) : writeFgBg(src, s, run, fgPel, dest, d, rowDelta);
        s += (run + 7) >> 3;
        break;
      }
      case REGULAR_COLOR_IMAGE:
      case MEGA_MEGA_COLOR_IMAGE: {
        if (s + run * bytesPerPixel > srcEnd) throw new RleDecodeError('colour image data missing', orderStart);
        if (d + run > destEnd) throw new RleDecodeError('colour image past the bitmap', orderStart);
        const end = d + run;
        if (bpp3) {
          for (; d < end; d++, s += 3) dest[d] = ALPHA | (src[s]! << 16) | (src[s + 1]! << 8) | src[s + 2]!;
        } else {
          for (; d < end; d++, s += 2) dest[d] = lut[src[s]! | (src[s + 1]! << 8)]!;
        }
        break;
      }
      case SPECIAL_FGBG_1:
      case SPECIAL_FGBG_2: {
        if (d + 8 > destEnd) throw new RleDecodeError('special fg/bg order past the bitmap', orderStart);
        const mask = code === SPECIAL_FGBG_1 ? MASK_SPECIAL_FGBG_1 : MASK_SPECIAL_FGBG_2;
        d = firstLine ? writeFirstLineMask(mask, 8, fgPel, dest, d) : writeMask(mask, 8, fgPel, dest, d, rowDelta);
        break;
      }
      case SPECIAL_WHITE:
      case SPECIAL_BLACK:
        if (d >= destEnd) throw new RleDecodeError('pixel past the bitmap', orderStart);
        dest[d++] = code === SPECIAL_WHITE ? COLOUR_WHITE | ALPHA : ALPHA;
        break;
    }
  }
  // A stream that ends early leaves the rest black rather than the last bitmap's pixels.
  if (d < destEnd) dest.fill(ALPHA, d, destEnd);
}

function writeFgBg(src: Uint8Array, s: number, run: number, fgPel: number, dest: Int32Array, d: number, rowDelta: number): number {
  while (run > 0) {
    const bits = run < 8 ? run : 8;
    d = writeMask(src[s++]!, bits, fgPel, dest, d, rowDelta);
    run -= bits;
  }
  return d;
}

function writeFirstLineFgBg(src: Uint8Array, s: number, run: number, fgPel: number, dest: Int32Array, d: number): number {
  while (run > 0) {
    const bits = run < 8 ? run : 8;
    d = writeFirstLineMask(src[s++]!, bits, fgPel, dest, d);
    run -= bits;
  }
  return d;
}

/** A set bit writes "pixel above XOR foreground", a clear bit copies the pixel above. */
function writeMask(mask: number, bits: number, fgPel: number, dest: Int32Array, d: number, rowDelta: number): number {
  for (let bit = 1, i = 0; i < bits; i++, bit <<= 1, d++) {
    const above = dest[d - rowDelta]!;
    dest[d] = (mask & bit) !== 0 ? above ^ fgPel : above;
  }
  return d;
}

/** On the first line there is no pixel above: a set bit is the foreground, a clear bit black. */
function writeFirstLineMask(mask: number, bits: number, fgPel: number, dest: Int32Array, d: number): number {
  const fg = fgPel | ALPHA;
  for (let bit = 1, i = 0; i < bits; i++, bit <<= 1, d++) dest[d] = (mask & bit) !== 0 ? fg : ALPHA;
  return d;
}
