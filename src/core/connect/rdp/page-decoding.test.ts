import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../test/data/rdp/capture-format';
import { BitmapDecoder } from '../../../shared/rdp/bitmap-decoder';
import { decodeFrame } from '../../../shared/rdp/desktop-frame';
import { DesktopFramebuffer } from '../../../shared/rdp/desktop-framebuffer';
import { DeferredRect } from './deferred-rect';
import { FrameBatcher } from './frame-batcher';

const CAPTURES = ['scroll-16bpp', 'scroll-24bpp', 'static-16bpp', 'static-24bpp', 'login-failed-16bpp', 'login-failed-24bpp'];

/**
 * Replays a capture from xrdp through the app's batcher (timers run by hand, a message every
 * `bitmapsPerMessage` bitmaps) into the page's framebuffer; `ackEvery` messages the page
 * acknowledges what it got, so a small window makes the app fall behind and send RGBA.
 */
function replay(
  name: string,
  width: number,
  height: number,
  options: { windowBytes?: number; ackEvery: number; bitmapsPerMessage: number },
) {
  const bitmaps = readCapture(`${name}.rdpcap`);
  const page = new DesktopFramebuffer();
  const timers: (() => void)[] = [];
  let received = 0;
  let unacked = 0;
  let messageBytes = 0;
  let compressedRects = 0;
  const batcher = new FrameBatcher(width, height, {
    send: (message) => {
      const frame = decodeFrame(message);
      page.apply(frame);
      compressedRects += frame.compressed.length;
      messageBytes += message.byteLength;
      unacked += message.byteLength;
      if (++received % options.ackEvery === 0) {
        const bytes = unacked;
        unacked = 0;
        batcher.ack(bytes);
      }
    },
    schedule: (run) => timers.push(run),
    cancel: () => undefined,
    now: () => 0,
    windowBytes: options.windowBytes,
  });
  batcher.attach();
  const flush = (): void => {
    while (timers.length > 0) timers.shift()!();
  };
  const decoder = new BitmapDecoder();
  const errors: Error[] = [];
  bitmaps.forEach((bitmap, i) => {
    batcher.paint(new DeferredRect(bitmap, decoder, (error) => errors.push(error)));
    if (i % options.bitmapsPerMessage === options.bitmapsPerMessage - 1) flush();
  });
  // The page acknowledges everything, and the app sends what it still holds.
  batcher.ack(unacked);
  flush();
  // The app's decoding: every bitmap straight into a framebuffer, as serve keeps it.
  const served = new Int32Array(width * height);
  for (const bitmap of bitmaps) decoder.decodeIntoImage(bitmap, served, width, height);
  return { page, served, errors, compressedRects, messageBytes, forwarded: batcher.stats.rectsForwarded };
}

/**
 * The app's batcher (timers run by hand with `flush`) sending to two pages that acknowledge at once;
 * `showTo(1)` makes the second one (a reattached tab) the one attached.
 */
function twoPages(width: number, height: number, options: { undecodedBudgetBytes?: number } = {}) {
  const pages = [new DesktopFramebuffer(), new DesktopFramebuffer()];
  let current = 0;
  const timers: (() => void)[] = [];
  const batcher = new FrameBatcher(width, height, {
    send: (message) => {
      pages[current]!.apply(decodeFrame(message));
      batcher.ack(message.byteLength);
    },
    schedule: (run) => timers.push(run),
    cancel: () => undefined,
    now: () => 0,
    ...options,
  });
  const flush = (): void => {
    while (timers.length > 0) timers.shift()!();
  };
  const showTo = (page: number): void => {
    batcher.detach();
    current = page;
    batcher.attach();
    flush();
  };
  return { pages, batcher, flush, showTo };
}

describe('the page decoding the server bitmaps the app forwards', () => {
  for (const name of CAPTURES) {
    it(`${name}: the page's pixels are the app's, pixel for pixel, in framebuffers of two sizes and when the app falls behind`, () => {
      for (const [width, height] of [
        [800, 600],
        [643, 455],
      ] as const) {
        for (const options of [
          { ackEvery: 1, bitmapsPerMessage: 5 },
          { windowBytes: 64 * 1024, ackEvery: 3, bitmapsPerMessage: 2 },
        ]) {
          const label = `${width}x${height} ${JSON.stringify(options)}`;
          const { page, served, errors, compressedRects, forwarded } = replay(name, width, height, options);
          expect(errors, label).toEqual([]);
          // At 643×455 many of xrdp's bitmaps (strips 800 wide) are cropped: those go as RGBA.
          if (width === 800) expect(compressedRects, label).toBeGreaterThan(0);
          expect(compressedRects, label).toBe(forwarded);
          expect(page.desktopWidth, label).toBe(width);
          const pagePixels = new Int32Array(page.pixels.buffer, page.pixels.byteOffset, width * height);
          let differing = 0;
          for (let i = 0; i < served.length; i++) if (pagePixels[i] !== served[i]) differing++;
          expect(differing, `${label}: pixels that differ`).toBe(0);
        }
      }
    });
  }

  for (const name of ['scroll-16bpp', 'scroll-24bpp', 'static-24bpp']) {
    it(`${name}: a page attached after forwarded frames the app has not decoded gets the first page's pixels`, () => {
      const [width, height] = [800, 600];
      const bitmaps = readCapture(`${name}.rdpcap`);
      const { pages, batcher, flush, showTo } = twoPages(width, height);
      const decoder = new BitmapDecoder();
      const errors: Error[] = [];
      batcher.attach();
      const half = Math.floor(bitmaps.length / 2);
      bitmaps.slice(0, half).forEach((bitmap, i) => {
        batcher.paint(new DeferredRect(bitmap, decoder, (error) => errors.push(error)));
        if (i % 3 === 2) flush();
      });
      flush();
      // The page kept up: everything went as it came, and the app decoded none of it yet.
      expect(batcher.stats.rectsForwarded).toBe(half);
      expect(batcher.stats.rectsDecodedLate + batcher.stats.rectsNeverDecoded).toBe(0);
      // A second page (a reattached tab) takes over and gets the app's copy, then the rest as it comes.
      showTo(1);
      expect(batcher.stats.rectsDecodedLate + batcher.stats.rectsNeverDecoded).toBe(half);
      const first = Buffer.from(pages[0]!.pixels);
      expect(Buffer.from(pages[1]!.pixels).equals(first), 'the second page starts from the first one').toBe(true);
      bitmaps.slice(half).forEach((bitmap, i) => {
        batcher.paint(new DeferredRect(bitmap, decoder, (error) => errors.push(error)));
        if (i % 3 === 2) flush();
      });
      flush();
      expect(errors).toEqual([]);
      const served = new Int32Array(width * height);
      for (const bitmap of bitmaps) decoder.decodeIntoImage(bitmap, served, width, height);
      expect(Buffer.from(pages[1]!.pixels).equals(Buffer.from(served.buffer)), 'the second page ends as serve decodes it all').toBe(true);
    });
  }

  it('scroll-24bpp: while the page keeps up, the app decodes none of a screen repainted past its budget, and is right when read', () => {
    const [width, height] = [800, 600];
    const bitmaps = readCapture('scroll-24bpp.rdpcap');
    const { pages, batcher, flush, showTo } = twoPages(width, height, { undecodedBudgetBytes: 512 * 1024 });
    const decoder = new BitmapDecoder();
    batcher.attach();
    // Eight times the capture's ~120 KiB: the undecoded budget is passed, each pass covering the one before.
    const passes = 8;
    for (let pass = 0; pass < passes; pass++)
      bitmaps.forEach((bitmap, i) => {
        batcher.paint(new DeferredRect(bitmap, decoder, () => undefined));
        if (i % 3 === 2) flush();
      });
    flush();
    expect(batcher.stats.rectsForwarded).toBe(passes * bitmaps.length);
    expect(batcher.stats.rectsDecodedLate, 'bitmaps the app decoded while the page kept up').toBe(0);
    expect(batcher.stats.rectsNeverDecoded).toBeGreaterThan(0);
    // A second page takes over from the app's copy: it must show what the first one does.
    showTo(1);
    expect(Buffer.from(pages[1]!.pixels).equals(Buffer.from(pages[0]!.pixels))).toBe(true);
  });

  it('scroll-24bpp: the page is sent far fewer bytes than the RGBA of what changed', () => {
    const { messageBytes } = replay('scroll-24bpp', 800, 600, { ackEvery: 1, bitmapsPerMessage: 5 });
    const raw = readCapture('scroll-24bpp.rdpcap').reduce(
      (n, b) => n + (b.destRight - b.destLeft + 1) * (b.destBottom - b.destTop + 1) * 4,
      0,
    );
    expect(messageBytes).toBeLessThan(raw / 2);
  });
});
