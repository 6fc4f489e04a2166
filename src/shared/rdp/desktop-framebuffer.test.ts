import { describe, expect, it } from 'vitest';
import {
  COMPRESSED_RECT_HEADER_BYTES,
  decodeFrame,
  encodeFrame,
  FrameFormatError,
  FRAME_HEADER_BYTES,
  type CompressedFrameRect,
} from './desktop-frame';
import { DesktopFramebuffer } from './desktop-framebuffer';

// 24 bpp interleaved RLE: a colour image of 4 pixels (B G R each), then a colour run of 4 (MS-RDPBCGR 2.2.9.1.1.3.1.2.4).
const FOUR_PIXELS_THEN_A_RUN = Uint8Array.from([0x84, 0, 0, 255, 0, 255, 0, 255, 0, 0, 1, 2, 3, 0x64, 9, 8, 7]);

function compressedRect(x: number, y: number, width = 4, height = 2, bitmapWidth = 4): CompressedFrameRect {
  return { x, y, width, height, bitmapWidth, bitmapHeight: 2, bitsPerPixel: 24, data: FOUR_PIXELS_THEN_A_RUN };
}

function message(compressed: readonly CompressedFrameRect[], rgba: { x: number; y: number; fill: number }[] = []): Uint8Array {
  const rects = rgba.map(({ x, y }) => ({ x, y, width: 2, height: 2 }));
  return encodeFrame(
    8,
    4,
    rects,
    (rect, target) => target.fill(rgba.find((r) => r.x === rect.x && r.y === rect.y)!.fill),
    undefined,
    compressed,
  );
}

const word = (fb: DesktopFramebuffer, x: number, y: number) => new Uint32Array(fb.pixels.buffer)[y * fb.desktopWidth + x];

describe("the page's framebuffer", () => {
  it('decodes compressed bitmaps in place (bottom-up stream, top-down image), then copies RGBA rectangles over them', () => {
    const fb = new DesktopFramebuffer();
    fb.apply(decodeFrame(message([compressedRect(0, 0), compressedRect(4, 2, 3, 1)], [{ x: 6, y: 0, fill: 0x11 }])));
    // The stream's first row is the bitmap's bottom row: red, green, blue, (1,2,3) at y = 1.
    expect([0, 1, 2, 3].map((x) => word(fb, x, 1))).toEqual([0xff0000ff, 0xff00ff00, 0xffff0000, 0xff010203]);
    expect(word(fb, 0, 0)).toBe(0xff090807);
    // Cropped to 3×1 from a 4×2 bitmap: its top row only, the run's colour.
    expect([4, 5, 6, 7].map((x) => word(fb, x, 2))).toEqual([0xff090807, 0xff090807, 0xff090807, 0]);
    expect(word(fb, 6, 0)).toBe(0x11111111);
    expect(fb.takeDamage()).toEqual([{ x: 0, y: 0, width: 8, height: 4 }]);
    fb.apply(decodeFrame(message([compressedRect(4, 2, 3, 1)])));
    expect(fb.takeDamage()).toEqual([{ x: 4, y: 2, width: 3, height: 1 }]);
    expect(fb.takeDamage()).toEqual([]);
  });

  it('refuses compressed rectangles that lie outside the desktop, draw more than their bitmap, or have a cut-off stream', () => {
    expect(() => decodeFrame(message([compressedRect(6, 0)]))).toThrow(/outside the 8×4 desktop/);
    expect(() => decodeFrame(message([compressedRect(0, 0, 4, 2, 3)]))).toThrow(/smaller than the 4×2/);
    const cut = message([compressedRect(0, 0)]);
    expect(() => decodeFrame(cut.subarray(0, cut.length - 1))).toThrow(/stream of compressed rectangle 1 of 1 is cut off/);
    const depth = message([compressedRect(0, 0)]);
    depth[FRAME_HEADER_BYTES + 12] = 32;
    expect(() => decodeFrame(depth)).toThrow(/32 bits per pixel/);
    const huge = message([compressedRect(0, 0)]);
    new DataView(huge.buffer).setUint16(FRAME_HEADER_BYTES + 8, 0xffff, true);
    new DataView(huge.buffer).setUint16(FRAME_HEADER_BYTES + 10, 0xffff, true);
    expect(() => decodeFrame(huge)).toThrow(/larger than any server sends/);
  });

  it('a broken RLE stream is drawn opaque black, the rest of the message still applies, and the error names the rectangle', () => {
    const fb = new DesktopFramebuffer();
    const broken = { ...compressedRect(0, 0), data: Uint8Array.from([0x84, 1, 2, 3]) };
    expect(() => fb.apply(decodeFrame(message([broken, compressedRect(4, 0)])))).toThrow(/compressed rectangle 1 of 2: interleaved RLE/);
    expect(word(fb, 0, 0)).toBe(0xff000000);
    expect(word(fb, 4, 1)).toBe(0xff0000ff);
  });

  it('applyMessage reads a message in place (inside a larger buffer too) and draws what apply(decodeFrame) draws', () => {
    const bytes = message([compressedRect(0, 0), compressedRect(4, 2, 3, 1)], [{ x: 6, y: 0, fill: 0x11 }]);
    const pool = new Uint8Array(bytes.length + 9);
    pool.set(bytes, 5);
    const [inPlace, decoded] = [new DesktopFramebuffer(), new DesktopFramebuffer()];
    inPlace.applyMessage(pool.subarray(5, 5 + bytes.length));
    decoded.apply(decodeFrame(bytes));
    expect(inPlace.pixels).toEqual(decoded.pixels);
    expect(word(inPlace, 0, 1)).toBe(0xff0000ff);
    expect(word(inPlace, 6, 0)).toBe(0x11111111);
    expect(inPlace.takeDamage()).toEqual(decoded.takeDamage());
    // A message that is not one changes nothing, not even the desktop's size.
    expect(() => inPlace.applyMessage(bytes.subarray(0, bytes.length - 1))).toThrow(FrameFormatError);
    expect(inPlace.pixels).toEqual(decoded.pixels);
    expect(inPlace.takeDamage()).toEqual([]);
  });

  it('fuzz: malformed messages with compressed rectangles give a FrameFormatError, never another error, a write outside the desktop or a hang', () => {
    let seed = 0x2545f491;
    const random = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const valid = message([compressedRect(0, 0), compressedRect(4, 2, 3, 1), compressedRect(2, 1)], [{ x: 6, y: 2, fill: 0x33 }]);
    let refused = 0;
    for (let round = 0; round < 5000; round++) {
      const bytes = valid.slice(0, round % 7 === 0 ? random(valid.length + 1) : valid.length);
      const changes = 1 + random(4);
      for (let i = 0; i < changes && bytes.length > 0; i++) {
        // Mostly the compressed rectangles' headers and streams, sometimes anywhere.
        const at =
          random(3) === 0 ? random(bytes.length) : Math.min(bytes.length - 1, 4 + random(3 * (COMPRESSED_RECT_HEADER_BYTES + 17) + 8));
        bytes[at] = random(256);
      }
      const fb = new DesktopFramebuffer();
      const inPlace = new DesktopFramebuffer();
      let objectsError: unknown;
      let inPlaceError: unknown;
      try {
        fb.apply(decodeFrame(bytes));
      } catch (error) {
        if (!(error instanceof FrameFormatError)) throw new Error(`round ${round}: ${String(error)}`);
        objectsError = error;
        refused++;
      }
      try {
        inPlace.applyMessage(bytes);
      } catch (error) {
        if (!(error instanceof FrameFormatError)) throw new Error(`round ${round}, in place: ${String(error)}`);
        inPlaceError = error;
      }
      // Read in place or through decodeFrame's objects, a message draws the same and fails the same.
      expect((inPlaceError as Error | undefined)?.message, `round ${round}`).toBe((objectsError as Error | undefined)?.message);
      // Buffer.equals: a mutated header can make the desktop large, too large for toEqual's element walk.
      expect(Buffer.from(inPlace.pixels.buffer).equals(Buffer.from(fb.pixels.buffer)), `round ${round}`).toBe(true);
      const damage = inPlace.takeDamage();
      expect(damage, `round ${round}`).toEqual(fb.takeDamage());
      expect(fb.pixels.length).toBe(fb.desktopWidth * fb.desktopHeight * 4);
      for (const d of damage) {
        expect(d.x + d.width <= fb.desktopWidth && d.y + d.height <= fb.desktopHeight, `round ${round}`).toBe(true);
      }
    }
    expect(refused).toBeGreaterThan(100);
  });
});
