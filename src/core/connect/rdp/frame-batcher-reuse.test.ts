import { describe, expect, it } from 'vitest';
import { paint, readCapture, readFrame, type Frame } from '../../../../test/data/rdp/capture-format';
import { DesktopFramebuffer } from '../../../shared/rdp/desktop-framebuffer';
import { decodeFrame } from '../../../shared/rdp/desktop-frame';
import { BitmapDecoder } from '../../../shared/rdp/bitmap-decoder';
import { DeferredRect } from './deferred-rect';
import { FrameBatcher } from './frame-batcher';

/**
 * A UI behind a socket: it holds each message by reference (a socket's write queue holds the
 * buffer, not a copy), draws it `lag` messages later and acknowledges it only then.
 */
function laggingUi(width: number, height: number, lag: number, windowBytes: number) {
  const timers: (() => void)[] = [];
  const queued: { message: Uint8Array; copyAtSend: Uint8Array }[] = [];
  const screen: Frame = { width, height, rgba: new Uint8ClampedArray(width * height * 4) };
  // The page's copy: forwarded server bitmaps are decoded there, RGBA copied in.
  const page = new DesktopFramebuffer();
  const buffers = new Set<ArrayBufferLike>();
  let messages = 0;
  let rewrittenBeforeAck = 0;
  const batcher = new FrameBatcher(width, height, {
    send: (message) => {
      queued.push({ message, copyAtSend: message.slice() });
      buffers.add(message.buffer);
      messages++;
    },
    windowBytes,
    schedule: (run) => timers.push(run),
    cancel: () => undefined,
    now: () => 0,
  });
  batcher.attach();
  const drawOldest = (): void => {
    const { message, copyAtSend } = queued.shift()!;
    if (!Buffer.from(message).equals(Buffer.from(copyAtSend))) rewrittenBeforeAck++;
    page.apply(decodeFrame(message));
    screen.rgba.set(page.pixels);
    batcher.ack(message.byteLength);
  };
  return {
    batcher,
    screen,
    /** Runs due timers (sends), then draws what is more than `lag` messages old. */
    step(): void {
      while (timers.length > 0) timers.shift()!();
      while (queued.length > lag) drawOldest();
    },
    drain(): void {
      for (;;) {
        while (timers.length > 0) timers.shift()!();
        if (queued.length === 0) return;
        while (queued.length > 0) drawOldest();
      }
    },
    get stats() {
      return { messages, distinctBuffers: buffers.size, rewrittenBeforeAck };
    },
  };
}

describe('frame message buffers reused on acknowledgement', () => {
  it('does not write into a message the UI has not acknowledged, and reuses it once it has', () => {
    const ui = laggingUi(16, 16, 1, 1 << 20);
    const solid = (value: number) => ({ x: 0, y: 0, width: 16, height: 16, rgba: new Uint8ClampedArray(16 * 16 * 4).fill(value) });
    for (let value = 1; value <= 20; value++) {
      ui.batcher.paint(solid(value));
      ui.step();
    }
    ui.drain();
    expect(ui.stats.rewrittenBeforeAck).toBe(0);
    expect(ui.stats.messages).toBe(20);
    // One message held by the UI while the next is built: two buffers take turns.
    expect(ui.stats.distinctBuffers).toBe(2);
    expect(ui.screen.rgba.every((byte) => byte === 20)).toBe(true);
  });

  for (const name of ['scroll-16bpp', 'scroll-24bpp']) {
    it(`${name} (xrdp): a UI drawing late sees the same pixels as decoding each bitmap into its own buffer`, () => {
      const { width, height } = readFrame('static-24bpp-uncompressed.frame');
      const bitmaps = readCapture(`${name}.rdpcap`);
      const reference: Frame = { width, height, rgba: new Uint8ClampedArray(width * height * 4) };
      const ui = laggingUi(width, height, 3, 16 << 20);
      const decoder = new BitmapDecoder();
      const errors: Error[] = [];
      bitmaps.forEach((bitmap, i) => {
        // The path before buffer reuse: a fresh buffer per rectangle, painted as the canvas would.
        paint(reference, decoder.decode(bitmap));
        ui.batcher.paint(new DeferredRect(bitmap, decoder, (error) => errors.push(error)));
        if (i % 7 === 0) ui.step();
      });
      ui.drain();
      expect(errors).toEqual([]);
      expect(ui.stats.rewrittenBeforeAck).toBe(0);
      // Three messages held by the UI, one being built, one more as messages grow.
      expect(ui.stats.distinctBuffers).toBeLessThanOrEqual(5);
      expect(ui.stats.messages).toBeGreaterThan(15);
      expect(Buffer.from(ui.screen.rgba).equals(Buffer.from(reference.rgba))).toBe(true);
    });
  }
});
