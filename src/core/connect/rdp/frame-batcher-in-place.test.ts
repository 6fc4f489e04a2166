import { describe, expect, it } from 'vitest';
import { readCapture, readFrame } from '../../../../test/data/rdp/capture-format';
import { BitmapDecoder, type RawBitmap } from '../../../shared/rdp/bitmap-decoder';
import { decodeFrame } from '../../../shared/rdp/desktop-frame';
import { DesktopFramebuffer } from '../../../shared/rdp/desktop-framebuffer';
import { DeferredRect } from './deferred-rect';
import { FrameBatcher } from './frame-batcher';

/** A batcher whose one message is built when the test flushes it (timers run by hand). */
function batcherOf(width: number, height: number) {
  const sent: Uint8Array[] = [];
  const timers: (() => void)[] = [];
  const batcher = new FrameBatcher(width, height, {
    send: (frame) => sent.push(frame),
    schedule: (run) => timers.push(run),
    cancel: () => undefined,
    now: () => 0,
  });
  batcher.attach();
  const flush = (): Uint8Array => {
    while (timers.length > 0) timers.shift()!();
    return sent[sent.length - 1]!;
  };
  return { batcher, flush };
}

describe('painting server bitmaps decoded in place', () => {
  for (const name of ['scroll-16bpp', 'scroll-24bpp']) {
    it(`${name}: the page's pixels are what decoding each rectangle and copying it gives`, () => {
      const { width, height } = readFrame('static-24bpp-uncompressed.frame');
      const bitmaps = readCapture(`${name}.rdpcap`);
      const decoder = new BitmapDecoder();
      const copied = batcherOf(width, height);
      const inPlace = batcherOf(width, height);
      const errors: Error[] = [];
      for (const bitmap of bitmaps) {
        copied.batcher.paint(decoder.decode(bitmap));
        inPlace.batcher.paint(new DeferredRect(bitmap, decoder, (error) => errors.push(error)));
      }
      expect(errors).toEqual([]);
      expect(inPlace.batcher.stats.rectsPainted).toBe(bitmaps.length);
      const [inPlacePage, copiedPage] = [new DesktopFramebuffer(), new DesktopFramebuffer()];
      inPlacePage.apply(decodeFrame(inPlace.flush()));
      copiedPage.apply(decodeFrame(copied.flush()));
      expect(Buffer.from(inPlacePage.pixels).equals(Buffer.from(copiedPage.pixels))).toBe(true);
    });
  }

  it('a broken RLE stream paints an opaque black rectangle on the page and in the app, reported once the app decodes it', () => {
    const decoder = new BitmapDecoder();
    // a colour image order announcing 4 pixels (12 bytes) with only 3 bytes behind it
    const broken: RawBitmap = {
      destLeft: 0,
      destTop: 0,
      destRight: 3,
      destBottom: 0,
      width: 4,
      height: 1,
      bitsPerPixel: 24,
      isCompress: true,
      data: Uint8Array.from([0x84, 1, 2, 3]),
    };
    const errors: Error[] = [];
    const { batcher, flush } = batcherOf(8, 2);
    batcher.paint({ x: 0, y: 0, width: 8, height: 2, rgba: new Uint8ClampedArray(64).fill(7) });
    batcher.paint(new DeferredRect(broken, decoder, (error) => errors.push(error)));
    expect(batcher.stats.rectsPainted).toBe(2);
    // Forwarded as it came; the app decodes it when it reads its framebuffer for the RGBA area.
    const frame = decodeFrame(flush());
    expect(frame.compressed).toHaveLength(1);
    expect(errors.map((e) => e.name)).toEqual(['RleDecodeError']);
    const page = new DesktopFramebuffer();
    expect(() => page.apply(frame)).toThrow(/compressed rectangle 1 of 1/);
    const seven = 0x07070707;
    expect([...new Uint32Array(page.pixels.slice().buffer)]).toEqual([...Array(4).fill(0xff000000), ...Array(12).fill(seven)]);
    // A page that attaches now is sent the app's copy: the same pixels.
    batcher.detach();
    batcher.attach();
    const late = new DesktopFramebuffer();
    late.apply(decodeFrame(flush()));
    expect(Buffer.from(late.pixels).equals(Buffer.from(page.pixels))).toBe(true);
    const rect = new DeferredRect(broken, decoder, (error) => errors.push(error));
    expect([...new Uint32Array(rect.rgba.buffer)]).toEqual([0xff000000, 0xff000000, 0xff000000, 0xff000000]);
    expect(errors).toHaveLength(2);
  });

  it('refuses up front a bitmap that cannot be decoded at all', () => {
    const decoder = new BitmapDecoder();
    const bitmap: RawBitmap = {
      destLeft: 0,
      destTop: 0,
      destRight: 0,
      destBottom: 0,
      width: 1,
      height: 1,
      bitsPerPixel: 32,
      isCompress: false,
      data: new Uint8Array(4),
    };
    expect(() => new DeferredRect(bitmap, decoder, () => undefined)).toThrow(/32 bpp/);
  });
});
