import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, frameByteLength, FrameFormatError, FRAME_HEADER_BYTES, RECT_HEADER_BYTES } from './desktop-frame';

function pixels(width: number, height: number, seed: number): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let i = 0; i < out.length; i++) out[i] = (i * 7 + seed) & 0xff;
  return out;
}

describe('desktop frame messages', () => {
  it('round-trips the desktop size and every rectangle with its pixels', () => {
    const a = { x: 0, y: 0, width: 3, height: 2 };
    const b = { x: 10, y: 5, width: 1, height: 4 };
    const source = new Map([
      [a, pixels(3, 2, 1)],
      [b, pixels(1, 4, 9)],
    ]);
    const bytes = encodeFrame(640, 480, [a, b], (rect, target) => target.set(source.get(rect as typeof a)!));
    expect(bytes.byteLength).toBe(FRAME_HEADER_BYTES + 2 * RECT_HEADER_BYTES + (6 + 4) * 4);
    expect(bytes.byteLength).toBe(frameByteLength([a, b]));
    const frame = decodeFrame(bytes);
    expect(frame.desktopWidth).toBe(640);
    expect(frame.desktopHeight).toBe(480);
    expect(frame.rects.map(({ x, y, width, height }) => ({ x, y, width, height }))).toEqual([a, b]);
    expect([...frame.rects[0]!.rgba]).toEqual([...source.get(a)!]);
    expect([...frame.rects[1]!.rgba]).toEqual([...source.get(b)!]);
  });

  it('reads a message that sits at an offset inside a larger buffer (a pooled or sliced view)', () => {
    const rect = { x: 1, y: 1, width: 2, height: 2 };
    const bytes = encodeFrame(8, 8, [rect], (_, target) => target.set(pixels(2, 2, 3)));
    const pool = new Uint8Array(bytes.byteLength + 13);
    pool.set(bytes, 13);
    expect([...decodeFrame(pool.subarray(13)).rects[0]!.rgba]).toEqual([...pixels(2, 2, 3)]);
  });

  it('refuses truncated messages, wrong magic, trailing bytes and rectangles outside the desktop', () => {
    const rect = { x: 0, y: 0, width: 2, height: 2 };
    const good = encodeFrame(4, 4, [rect], () => undefined);
    expect(() => decodeFrame(good.subarray(0, 8))).toThrow(FrameFormatError);
    expect(() => decodeFrame(good.subarray(0, good.byteLength - 1))).toThrow(/cut off/);
    const trailing = new Uint8Array(good.byteLength + 1);
    trailing.set(good);
    expect(() => decodeFrame(trailing)).toThrow(/after the last rectangle/);
    const wrong = good.slice();
    wrong[0] = 0;
    expect(() => decodeFrame(wrong)).toThrow(/magic/);
    const outside = encodeFrame(4, 4, [{ x: 3, y: 3, width: 2, height: 2 }], () => undefined);
    expect(() => decodeFrame(outside)).toThrow(/outside the 4×4 desktop/);
  });
});
