import { describe, expect, it } from 'vitest';
import { decodeInterleavedRle, RleDecodeError } from './interleaved-rle';
import { RGB565_TO_RGBA } from './pixel-formats';

// Hand-made RLE_BITMAP_STREAMs (MS-RDPBCGR 2.2.9.1.1.3.1.2.4), checked pixel by pixel in
// stream order (the first row is the bitmap's bottom row; "above" means the row before).
// Expectations are written as the protocol's pixel values (0xRRGGBB, or the 5-6-5 word);
// the decoder's canvas words are mapped back to them after checking every pixel is opaque.

const W24 = 0xffffff;
const px24 = (v: number) => [v & 0xff, (v >> 8) & 0xff, v >> 16];
const px16 = (v: number) => [v & 0xff, v >> 8];

const FROM_RGBA_16 = new Map(Array.from(RGB565_TO_RGBA, (word, value) => [word, value]));

function decode(stream: number[], width: number, height: number, bytesPerPixel: 2 | 3 = 3): number[] {
  const dest = new Int32Array(width * height).fill(0x00adbeef); // stale content must never leak
  decodeInterleavedRle(Uint8Array.from(stream), width, height, bytesPerPixel, dest);
  return Array.from(dest, (word) => {
    if (word >>> 24 !== 0xff) throw new Error(`pixel 0x${(word >>> 0).toString(16)} is not opaque`);
    if (bytesPerPixel === 2) return FROM_RGBA_16.get(word)!;
    return ((word & 0xff) << 16) | (word & 0xff00) | ((word >> 16) & 0xff); // R,G,B,A bytes → 0xRRGGBB
  });
}

const A = 0x102030;
const B = 0x405060;
const C = 0x708090;
const D = 0xa0b0c0;
const colourImage = (...pixels: number[]) => [0x80 | pixels.length, ...pixels.flatMap(px24)];

describe('interleaved RLE orders', () => {
  it('regular colour run repeats one pixel; a zero length means next byte + 32', () => {
    expect(decode([0x60 | 4, ...px24(A)], 4, 1)).toEqual([A, A, A, A]);
    expect(decode([0x60, 40 - 32, ...px24(B)], 40, 1)).toEqual(Array(40).fill(B));
  });

  it('mega-mega colour run takes a 16-bit length', () => {
    expect(decode([0xf3, 300 & 0xff, 300 >> 8, ...px24(C)], 20, 15)).toEqual(Array(300).fill(C));
  });

  it('regular and mega-mega colour images copy pixels from the stream', () => {
    expect(decode(colourImage(A, B, C, D), 4, 1)).toEqual([A, B, C, D]);
    const many = Array.from({ length: 40 }, (_, i) => i * 0x010101);
    expect(decode([0x80, 40 - 32, ...many.flatMap(px24)], 40, 1)).toEqual(many);
    expect(decode([0xf4, 40, 0, ...many.flatMap(px24)], 40, 1)).toEqual(many);
  });

  it('background run is black on the first line and copies the row above after it', () => {
    expect(decode([0x04, ...colourImage(A, B, C, D)], 4, 2)).toEqual([0, 0, 0, 0, A, B, C, D]);
    expect(decode([...colourImage(A, B, C, D), 0x04], 4, 2)).toEqual([A, B, C, D, A, B, C, D]);
  });

  it('mega-mega background run, longer than a row, repeats what it wrote itself', () => {
    expect(decode([...colourImage(A, B), 0xf0, 6, 0], 2, 4)).toEqual([A, B, A, B, A, B, A, B]);
  });

  it('a background run right after another starts with a foreground pixel', () => {
    // first line: inserted pel is the foreground itself; later lines: above XOR foreground
    expect(decode([0x02, 0x02, ...colourImage(A, B, C, D)], 4, 2)).toEqual([0, 0, W24, 0, A, B, C, D]);
    expect(decode([...colourImage(A, B, C, D), 0x02, 0x02], 4, 2)).toEqual([A, B, C, D, A, B, C ^ W24, D]);
  });

  it('foreground run fills the foreground on the first line and XORs the row above after it', () => {
    expect(decode([0x20 | 4, ...colourImage(A, B, C, D)], 4, 2)).toEqual([W24, W24, W24, W24, A, B, C, D]);
    expect(decode([...colourImage(A, B, C, D), 0x20 | 4], 4, 2)).toEqual([A, B, C, D, A ^ W24, B ^ W24, C ^ W24, D ^ W24]);
    expect(decode([...colourImage(A, B, C, D), 0xf1, 4, 0], 4, 2)).toEqual([A, B, C, D, A ^ W24, B ^ W24, C ^ W24, D ^ W24]);
  });

  it('runs of every length around the loop/fill cut-over write every pixel of theirs and none after', () => {
    // Short runs are written by a loop, long ones by fill/copyWithin: lengths 1–40 cross that line.
    const width = 40;
    const row = Array.from({ length: width }, (_, i) => 0x010203 * (i + 1));
    const image = [0x80, width - 32, ...row.flatMap(px24)]; // regular colour image: 0 → next byte + 32
    // A regular order of `n` pixels: 5 bits of length, or 0 and the next byte + 32.
    const regular = (code: number, n: number) => (n < 32 ? [(code << 5) | n] : [code << 5, n - 32]);
    for (let n = 1; n <= width; n++) {
      const tail = width - n;
      // The rest of the row: one D, then C.
      const rest = [...(tail > 0 ? [...regular(3, 1), ...px24(D)] : []), ...(tail > 1 ? [...regular(3, tail - 1), ...px24(C)] : [])];
      const restPixels = [...(tail > 0 ? [D] : []), ...Array<number>(Math.max(0, tail - 1)).fill(C)];
      const twoLines = (order: number[], head: number[]) =>
        expect(decode([...image, ...order, ...rest], width, 2), `${order.join(',')} on the second line`).toEqual([
          ...row,
          ...head,
          ...restPixels,
        ]);
      twoLines(regular(0, n), row.slice(0, n));
      twoLines(
        regular(1, n),
        row.slice(0, n).map((v) => v ^ W24),
      );
      twoLines([...regular(3, n), ...px24(B)], Array<number>(n).fill(B));
      const firstLine = (order: number[], head: number[]) =>
        expect(decode([...order, ...rest, ...image], width, 2), `${order.join(',')} on the first line`).toEqual([
          ...head,
          ...restPixels,
          ...row,
        ]);
      firstLine(regular(0, n), Array<number>(n).fill(0));
      firstLine(regular(1, n), Array<number>(n).fill(W24));
    }
  });

  it('lite and mega-mega set-fg runs change the foreground for later orders', () => {
    const fg = 0x00ff00;
    expect(decode([...colourImage(A, B, C, D), 0xc0 | 2, ...px24(fg), 0x20 | 2], 4, 2)).toEqual([
      A,
      B,
      C,
      D,
      A ^ fg,
      B ^ fg,
      C ^ fg,
      D ^ fg,
    ]);
    expect(decode([0xf6, 4, 0, ...px24(fg)], 4, 1)).toEqual([fg, fg, fg, fg]);
    // lite set-fg with a zero length: next byte + 16
    expect(decode([0xc0, 20 - 16, ...px24(fg)], 20, 1)).toEqual(Array(20).fill(fg));
    // and a later background-after-background insertion uses it (each further one inserts again)
    expect(decode([...colourImage(A, B, C, D), 0xc0 | 1, ...px24(fg), 0x01, 0x01, 0x01], 4, 2)).toEqual([
      A,
      B,
      C,
      D,
      A ^ fg,
      B,
      C ^ fg,
      D ^ fg,
    ]);
  });

  it('dithered runs alternate two pixels, lite and mega-mega', () => {
    expect(decode([0xe0 | 2, ...px24(A), ...px24(B)], 4, 1)).toEqual([A, B, A, B]);
    expect(decode([0xe0, 18 - 16, ...px24(A), ...px24(B)], 36, 1)).toEqual(Array(18).fill([A, B]).flat());
    expect(decode([0xf8, 3, 0, ...px24(C), ...px24(D)], 6, 1)).toEqual([C, D, C, D, C, D]);
  });

  it('fg/bg image reads one bitmask bit per pixel, least significant first', () => {
    // first line: set bit → foreground, clear bit → black
    expect(decode([0x40 | 1, 0b10100101], 8, 1)).toEqual([W24, 0, W24, 0, 0, W24, 0, W24]);
    // later lines: set bit → above XOR foreground, clear bit → above
    const row = [A, B, C, D, A, B, C, D];
    expect(decode([0x80 | 8, ...row.flatMap(px24), 0x40 | 1, 0b00000011], 8, 2)).toEqual([...row, A ^ W24, B ^ W24, C, D, A, B, C, D]);
  });

  it('fg/bg images, whole mask bytes or not, across row ends, on the first line and after it', () => {
    // Eight pixels of a mask byte are written at once when they fit the row, one by one when not.
    const width = 13;
    const row = Array.from({ length: width }, (_, i) => 0x030507 * (i + 1));
    const masks = [0xa5, 0x00, 0xff, 0x3c, 0x81, 0x5a, 0x01, 0x80];
    for (const [run, header] of [
      [8, [0x40 | 1]], // one byte
      [13, [0x40, 13 - 1]], // one row: a whole byte and five bits
      [26, [0x40, 26 - 1]], // two rows: bytes straddle the row end
      [64, [0x40 | 8]], // five rows less a bit
    ] as const) {
      const height = 1 + Math.ceil(run / width);
      const bytes = masks.slice(0, (run + 7) >> 3);
      const stream = [0x80 | width, ...row.flatMap(px24), ...header, ...bytes];
      const expected = [...row];
      for (let i = 0; i < run; i++) {
        const above = expected[expected.length - width]!;
        expected.push((bytes[i >> 3]! >> (i & 7)) & 1 ? above ^ W24 : above);
      }
      const got = decode(stream, width, height);
      expect(got.slice(0, width + run), `fg/bg image of ${run}`).toEqual(expected);
      // Started on the first line, the whole order draws as the first line does: foreground or black.
      const first = Array.from({ length: run }, (_, i) => ((bytes[i >> 3]! >> (i & 7)) & 1 ? W24 : 0));
      expect(decode([...header, ...bytes], width, height).slice(0, run), `fg/bg image of ${run} on the first line`).toEqual(first);
    }
  });

  it('fg/bg image lengths: regular counts eights, zero means next byte + 1', () => {
    // 10 pixels: two bitmask bytes, the second one partly used
    expect(decode([0x40, 10 - 1, 0xff, 0b10], 10, 1)).toEqual([...Array(8).fill(W24), 0, W24]);
    expect(decode([0xf2, 10, 0, 0x00, 0b01], 10, 1)).toEqual([...Array(8).fill(0), W24, 0]);
  });

  it('set-fg fg/bg images, lite and mega-mega, take the foreground first', () => {
    expect(decode([0xd0 | 1, ...px24(A), 0b11110000], 8, 1)).toEqual([0, 0, 0, 0, A, A, A, A]);
    expect(decode([0xd0, 4 - 1, ...px24(B), 0b1001], 4, 1)).toEqual([B, 0, 0, B]);
    expect(decode([0xf7, 3, 0, ...px24(C), 0b101], 3, 1)).toEqual([C, 0, C]);
  });

  it('special fg/bg orders are 8-pixel images with masks 0x03 and 0x05', () => {
    expect(decode([0xf9], 8, 1)).toEqual([W24, W24, 0, 0, 0, 0, 0, 0]);
    expect(decode([0xfa], 8, 1)).toEqual([W24, 0, W24, 0, 0, 0, 0, 0]);
    const row = [A, B, C, D, A, B, C, D];
    expect(decode([0x80 | 8, ...row.flatMap(px24), 0xfa], 8, 2).slice(8)).toEqual([A ^ W24, B, C ^ W24, D, A, B, C, D]);
  });

  it('white and black orders write one pixel each', () => {
    expect(decode([0xfd, 0xfe, 0xfd, 0xfe], 4, 1)).toEqual([W24, 0, W24, 0]);
    expect(decode([0xfd, 0xfe], 2, 1, 2)).toEqual([0xffff, 0]);
  });

  it('reads 2-byte pixels at 16 bpp, with 0xffff as the default foreground', () => {
    expect(decode([0x60 | 2, ...px16(0xf800), 0x20 | 2], 2, 2, 2)).toEqual([0xf800, 0xf800, 0xf800 ^ 0xffff, 0xf800 ^ 0xffff]);
    expect(decode([0xe0 | 1, ...px16(0x1234), ...px16(0xabcd)], 2, 1, 2)).toEqual([0x1234, 0xabcd]);
  });
});

describe('the first-line rule (decided once per order, MS-RDPBCGR 3.1.9)', () => {
  it('an order that starts on the first line keeps first-line behaviour into the second', () => {
    // foreground run of 6 from x=2: the 4 pixels on line two are the foreground, not above XOR fg
    expect(decode([...colourImage(A, B), 0x20 | 6], 4, 2)).toEqual([A, B, W24, W24, W24, W24, W24, W24]);
    // background run: black, not a copy of the line above
    expect(decode([...colourImage(A, B), 0x06], 4, 2)).toEqual([A, B, 0, 0, 0, 0, 0, 0]);
    // fg/bg image crossing: set bits are the foreground, clear bits black
    expect(decode([...colourImage(A, B), 0x40 | 1, 0b01010101], 4, 3).slice(0, 10)).toEqual([A, B, W24, 0, W24, 0, W24, 0, W24, 0]);
  });

  it('the next order after the first line ends uses the line above, and drops a pending fg insertion', () => {
    // two background runs end the first line; the next one, on line two, inserts nothing
    // (else pixel 4 would be 0 ^ white), the one after it does (white ^ white = 0)
    expect(decode([0x02, 0x02, 0x02, 0x02], 4, 2)).toEqual([0, 0, W24, 0, 0, 0, 0, 0]);
  });
});

describe('malformed streams', () => {
  it('refuses a run past the end of the bitmap', () => {
    expect(() => decode([0x60 | 5, ...px24(A)], 2, 2)).toThrow(RleDecodeError);
    expect(() => decode([0xf0, 0xff, 0xff], 4, 4)).toThrow(/past the bitmap/);
  });

  it('refuses a stream cut short inside an order, naming the offset', () => {
    expect(() => decode([0x80 | 4, ...px24(A), ...px24(B)], 4, 1)).toThrow(/colour image data missing \(at byte 0/);
    expect(() => decode([0x60 | 4, 0x01], 4, 1)).toThrow(RleDecodeError);
    expect(() => decode([0xf3, 0x01], 4, 1)).toThrow(/run length missing/);
  });

  it('refuses unknown order codes', () => {
    expect(() => decode([0xf5], 4, 1)).toThrow(/unknown order 0xf5/);
  });

  it('leaves the rest black when the stream ends early, never stale pixels', () => {
    expect(decode([0x60 | 2, ...px24(A)], 4, 1)).toEqual([A, A, 0, 0]);
  });
});

describe('a stream inside a larger buffer (srcStart, srcEnd)', () => {
  const decodeRange = (buffer: Uint8Array, start: number, end: number, width: number, height: number): Int32Array => {
    const dest = new Int32Array(width * height).fill(0x00adbeef);
    decodeInterleavedRle(buffer, width, height, 3, dest, 0, width, start, end);
    return dest;
  };

  it('reads only its range, and names offsets from the start of the stream', () => {
    const stream = [...colourImage(A, B), 0x60 | 2, ...px24(C)];
    // A white pixel before and a black one after: read, they would change the first pixel or overrun the bitmap.
    const buffer = Uint8Array.from([0xfd, ...stream, 0xfe]);
    const alone = new Int32Array(4);
    decodeInterleavedRle(Uint8Array.from(stream), 4, 1, 3, alone);
    expect(decodeRange(buffer, 1, 1 + stream.length, 4, 1)).toEqual(alone);
    const cut = Uint8Array.from([0xfd, 0xfd, 0x80 | 4, ...px24(A), 0xfe]);
    expect(() => decodeRange(cut, 2, cut.length - 1, 4, 1)).toThrow(/colour image data missing \(at byte 0 /);
    expect(() => decodeRange(buffer, 2, buffer.length + 1, 4, 1)).toThrow(RangeError);
  });

  it('fuzz: random streams inside random bytes decode (or fail) exactly as the same stream alone', () => {
    let seed = 0x1b873593;
    const random = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const outcome = (run: () => Int32Array): string => {
      try {
        return Array.from(run()).join(',');
      } catch (error) {
        if (!(error instanceof RleDecodeError)) throw error;
        return error.message;
      }
    };
    for (let round = 0; round < 3000; round++) {
      const width = 1 + random(9);
      const height = 1 + random(4);
      const stream = Uint8Array.from({ length: random(40) }, () => random(256));
      const before = random(5);
      const buffer = new Uint8Array(before + stream.length + random(5)).map(() => random(256));
      buffer.set(stream, before);
      const alone = () => {
        const dest = new Int32Array(width * height).fill(0x00adbeef);
        decodeInterleavedRle(stream, width, height, 3, dest);
        return dest;
      };
      expect(
        outcome(() => decodeRange(buffer, before, before + stream.length, width, height)),
        `round ${round}`,
      ).toBe(outcome(alone));
    }
  });
});
