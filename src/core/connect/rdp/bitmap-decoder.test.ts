import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { paint, readCapture, readFrame } from '../../../../test/data/rdp/capture-format';
import { BitmapDecodeError, BitmapDecoder, type RawBitmap } from '../../../shared/rdp/bitmap-decoder';
import { decodeWithBundled } from './bundled-decoder';
import { seededRandom } from '../../../../test/support/seeded-random';

// Captures from a real xrdp 0.9.21 and how their references were made: test/data/rdp/README.md.
const CAPTURES = ['scroll-16bpp', 'scroll-24bpp', 'static-16bpp', 'static-24bpp'];

function firstDifference(a: Uint8ClampedArray, b: Uint8ClampedArray, width: number): string {
  const i = a.findIndex((v, k) => v !== b[k]);
  const pixel = i >> 2;
  return i < 0
    ? 'none'
    : `pixel (${pixel % width},${Math.floor(pixel / width)}): ${a.slice(pixel * 4, pixel * 4 + 4)} vs ${b.slice(pixel * 4, pixel * 4 + 4)}`;
}

const sha256 = (data: Uint8ClampedArray) => createHash('sha256').update(data).digest('hex');

describe('decoding bitmaps captured from xrdp', () => {
  for (const name of CAPTURES) {
    it(`${name}: every bitmap equals the bundled decoder's reference, bit for bit`, () => {
      const bitmaps = readCapture(`${name}.rdpcap`);
      expect(bitmaps.length).toBeGreaterThan(50);
      const decoder = new BitmapDecoder();
      for (const [index, bitmap] of bitmaps.entries()) {
        expect(bitmap.isCompress).toBe(true);
        const ours = decoder.decode(bitmap);
        if (sha256(ours.rgba) !== bitmap.referenceSha256) {
          const bundled = decodeWithBundled(bitmap);
          expect.fail(
            `${name} bitmap ${index} (${bitmap.width}x${bitmap.height}): ${firstDifference(ours.rgba, bundled.rgba, ours.width)}`,
          );
        }
      }
    });
  }

  for (const bpp of [16, 24]) {
    it(`static-${bpp}bpp: the compressed screen equals the same screen sent uncompressed`, () => {
      const reference = readFrame(`static-${bpp}bpp-uncompressed.frame`);
      const screen = { width: reference.width, height: reference.height, rgba: new Uint8ClampedArray(reference.rgba.length) };
      const decoder = new BitmapDecoder();
      for (const bitmap of readCapture(`static-${bpp}bpp.rdpcap`)) paint(screen, decoder.decode(bitmap));
      expect(firstDifference(screen.rgba, reference.rgba, screen.width)).toBe('none');
      // a real scene, not an empty screen: many colours
      const colours = new Set(new Uint32Array(screen.rgba.buffer));
      expect(colours.size).toBeGreaterThan(30);
    });
  }

  it('crops padded bitmaps to destRight - destLeft + 1', () => {
    const padded = readCapture('scroll-16bpp.rdpcap').filter((b) => b.destRight - b.destLeft + 1 < b.width);
    expect(padded.length).toBeGreaterThan(5);
    const decoder = new BitmapDecoder();
    for (const bitmap of padded) {
      const rect = decoder.decode(bitmap);
      expect(rect.width).toBe(bitmap.destRight - bitmap.destLeft + 1);
      expect(rect.height).toBe(bitmap.destBottom - bitmap.destTop + 1);
      expect(rect.rgba.length).toBe(rect.width * rect.height * 4);
      expect([rect.x, rect.y]).toEqual([bitmap.destLeft, bitmap.destTop]);
    }
  });
});

describe('decoding straight into a framebuffer', () => {
  for (const name of ['scroll-16bpp', 'scroll-24bpp', 'static-24bpp']) {
    it(`${name}: in place gives the same screen as decoding each rectangle and copying it`, () => {
      const reference = readFrame(`static-24bpp-uncompressed.frame`);
      const { width, height } = reference;
      const copied = { width, height, rgba: new Uint8ClampedArray(width * height * 4) };
      const inPlace = new Int32Array(width * height);
      const decoder = new BitmapDecoder();
      for (const bitmap of readCapture(`${name}.rdpcap`)) {
        paint(copied, decoder.decode(bitmap));
        const area = decoder.decodeIntoImage(bitmap, inPlace, width, height);
        expect(area).toMatchObject({ x: bitmap.destLeft, y: bitmap.destTop });
      }
      expect(firstDifference(new Uint8ClampedArray(inPlace.buffer), copied.rgba, width)).toBe('none');
    });
  }

  it('crops at the edge of a smaller image and leaves the rest of it alone', () => {
    const decoder = new BitmapDecoder();
    const bitmap = readCapture('scroll-24bpp.rdpcap').find(
      (b) => b.destRight - b.destLeft >= 12 && b.destBottom - b.destTop >= 12 && b.destLeft > 0 && b.destTop > 0,
    )!;
    expect(bitmap).toBeDefined();
    const whole = decoder.decode(bitmap);
    // an image that ends 6 pixels into the bitmap both ways, with a guard value everywhere else
    const imageWidth = bitmap.destLeft + 6;
    const imageHeight = bitmap.destTop + 6;
    const image = new Int32Array(imageWidth * imageHeight).fill(0x12345678);
    expect(decoder.decodeIntoImage(bitmap, image, imageWidth, imageHeight)).toEqual({
      x: bitmap.destLeft,
      y: bitmap.destTop,
      width: 6,
      height: 6,
    });
    const wholeWords = new Int32Array(whole.rgba.buffer);
    for (let y = 0; y < imageHeight; y++) {
      for (let x = 0; x < imageWidth; x++) {
        const inside = x >= bitmap.destLeft && y >= bitmap.destTop;
        const expected = inside ? wholeWords[(y - bitmap.destTop) * whole.width + (x - bitmap.destLeft)] : 0x12345678;
        if (image[y * imageWidth + x] !== expected) expect.fail(`pixel ${x},${y}`);
      }
    }
    expect(decoder.decodeIntoImage(bitmap, image, bitmap.destLeft, imageHeight)).toBeUndefined();
  });

  it('writes uncompressed bitmaps at their destination with the image stride', () => {
    // 2×2, 24 bpp, rows padded to 8 bytes, bottom row first: blue blue / red green
    const data = Uint8Array.from([0xff, 0, 0, 0xff, 0, 0, 0, 0, 0, 0, 0xff, 0, 0xff, 0, 0, 0]);
    const bitmap: RawBitmap = {
      destLeft: 1,
      destTop: 1,
      destRight: 2,
      destBottom: 2,
      width: 2,
      height: 2,
      bitsPerPixel: 24,
      isCompress: false,
      data,
    };
    const image = new Int32Array(4 * 3);
    new BitmapDecoder().decodeIntoImage(bitmap, image, 4, 3);
    const rgb = (w: number) => (w & 0xffffff).toString(16).padStart(6, '0');
    expect([...image].map(rgb)).toEqual([
      '000000',
      '000000',
      '000000',
      '000000',
      '000000',
      '0000ff',
      '00ff00',
      '000000',
      '000000',
      'ff0000',
      'ff0000',
      '000000',
    ]);
  });
});

describe('decoding against the bundled decoder on random streams', () => {
  it('agrees on 400 random bitmaps using every order, at 16 and 24 bpp', () => {
    const random = seededRandom(8);
    const decoder = new BitmapDecoder();
    for (let i = 0; i < 400; i++) {
      const bitmap = randomBitmap(random, i % 2 === 0 ? 16 : 24);
      const ours = decoder.decode(bitmap);
      const bundled = decodeWithBundled(bitmap);
      if (sha256(ours.rgba) !== sha256(bundled.rgba)) {
        expect.fail(
          `random bitmap ${i} ${bitmap.width}x${bitmap.height}@${bitmap.bitsPerPixel}: ${firstDifference(ours.rgba, bundled.rgba, ours.width)}`,
        );
      }
    }
  });
});

describe('uncompressed bitmaps and colour order', () => {
  it('flips bottom-up rows, skips row padding and gives R, G, B, A at 24 bpp', () => {
    // 2x2, rows of 6 bytes padded to 8; the first row in the data is the bottom one
    const data = Uint8Array.from([
      0x00,
      0x00,
      0xff,
      0x00,
      0xff,
      0x00,
      0xee,
      0xee, // bottom: red, green
      0xff,
      0x00,
      0x00,
      0x10,
      0x20,
      0x30,
      0xee,
      0xee, // top: blue, (r=0x30,g=0x20,b=0x10)
    ]);
    const rect = new BitmapDecoder().decode(bitmapOf({ width: 2, height: 2, bitsPerPixel: 24, isCompress: false, data }));
    expect(Array.from(rect.rgba)).toEqual([0, 0, 255, 255, 0x30, 0x20, 0x10, 255, 255, 0, 0, 255, 0, 255, 0, 255]);
  });

  it('widens 5-6-5 pixels to full range at 16 bpp', () => {
    const data = Uint8Array.from([0x00, 0xf8, 0xe0, 0x07, 0x1f, 0x00, 0x10, 0x84]); // red, green, blue, mid grey
    const rect = new BitmapDecoder().decode(bitmapOf({ width: 4, height: 1, bitsPerPixel: 16, isCompress: false, data }));
    expect(Array.from(rect.rgba)).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 132, 130, 132, 255]);
  });

  it('gives canvas order for compressed 24 bpp too: a red run is red', () => {
    const rect = new BitmapDecoder().decode(
      bitmapOf({ width: 2, height: 1, bitsPerPixel: 24, isCompress: true, data: Uint8Array.from([0x62, 0, 0, 0xff]) }),
    );
    expect(Array.from(rect.rgba)).toEqual([255, 0, 0, 255, 255, 0, 0, 255]);
  });

  it('rejects colour depths it does not decode, and short uncompressed data', () => {
    const decoder = new BitmapDecoder();
    expect(() => decoder.decode(bitmapOf({ width: 4, height: 1, bitsPerPixel: 32, isCompress: true, data: new Uint8Array(4) }))).toThrow(
      BitmapDecodeError,
    );
    expect(() => decoder.decode(bitmapOf({ width: 4, height: 2, bitsPerPixel: 24, isCompress: false, data: new Uint8Array(12) }))).toThrow(
      /needs 24/,
    );
  });
});

function bitmapOf(b: Pick<RawBitmap, 'width' | 'height' | 'bitsPerPixel' | 'isCompress' | 'data'>): RawBitmap {
  return { destLeft: 0, destTop: 0, destRight: b.width - 1, destBottom: b.height - 1, ...b };
}

/**
 * A random but valid stream: the first row is one colour image (the bundled decoder applies the
 * first-line rule per pixel, the protocol per order, so no order may straddle that row), then
 * random orders of every kind, each fitting in what is left.
 */
function randomBitmap(random: () => number, bitsPerPixel: 16 | 24): RawBitmap {
  const int = (n: number) => Math.floor(random() * n);
  const bytes = bitsPerPixel / 8;
  const width = 4 * (1 + int(16));
  const height = 1 + int(12);
  const out: number[] = [];
  const pixel = () => {
    const v = int(1 << bitsPerPixel);
    for (let k = 0; k < bytes; k++) out.push((v >> (8 * k)) & 0xff);
  };
  out.push(0xf4, width & 0xff, width >> 8);
  for (let k = 0; k < width; k++) pixel();
  let left = width * (height - 1);
  while (left > 0) {
    const kind = int(20);
    if (kind >= 16 && left >= 8) {
      out.push([0xf9, 0xfa][kind % 2]!);
      left -= 8;
      continue;
    }
    if (kind >= 14) {
      out.push(kind === 14 ? 0xfd : 0xfe);
      left -= 1;
      continue;
    }
    const run = 1 + int(Math.min(left, 300));
    if (kind <= 4) {
      // regular: BG, FG, FGBG, COLOR_RUN, COLOR_IMAGE; FGBG uses units of 8 when short
      if (kind === 2 && run % 8 === 0 && run <= 31 * 8) out.push(0x40 | (run / 8));
      else if (kind === 2) {
        if (run > 256) continue;
        out.push(0x40, run - 1);
      } else if (run < 32) out.push((kind << 5) | run);
      else if (run < 288) out.push(kind << 5, run - 32);
      else out.push([0xf0, 0xf1, 0xf2, 0xf3, 0xf4][kind]!, run & 0xff, run >> 8);
      if (kind === 3) pixel();
      if (kind === 4) for (let k = 0; k < run; k++) pixel();
      if (kind === 2) for (let k = 0; k < (run + 7) >> 3; k++) out.push(int(256));
      left -= run;
    } else if (kind <= 7) {
      // set-fg fg run (lite or mega-mega), set-fg fg/bg image (lite or mega-mega)
      if (kind === 5) {
        if (run < 16) out.push(0xc0 | run);
        else if (run < 272) out.push(0xc0, run - 16);
        else out.push(0xf6, run & 0xff, run >> 8);
        pixel();
      } else {
        if (kind === 6 && run <= 256) out.push(0xd0, run - 1);
        else out.push(0xf7, run & 0xff, run >> 8);
        pixel();
        for (let k = 0; k < (run + 7) >> 3; k++) out.push(int(256));
      }
      left -= run;
    } else {
      // dithered: two pixels per count
      const pairs = Math.max(1, Math.floor(run / 2));
      if (pairs * 2 > left) continue;
      if (kind % 2 === 0 && pairs < 16) out.push(0xe0 | pairs);
      else if (kind % 2 === 0 && pairs < 272) out.push(0xe0, pairs - 16);
      else out.push(0xf8, pairs & 0xff, pairs >> 8);
      pixel();
      pixel();
      left -= pairs * 2;
    }
  }
  return bitmapOf({ width, height, bitsPerPixel, isCompress: true, data: Uint8Array.from(out) });
}
