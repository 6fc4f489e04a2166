import { describe, expect, it } from 'vitest';
import { decodeFrame, type DecodedFrame } from '../../../shared/rdp/desktop-frame';
import { FrameBatcher } from './frame-batcher';

/** A hand-driven clock and timer queue: the test decides when 16 ms have passed. */
function harness(options: { windowBytes?: number; maxRects?: number; width?: number; height?: number } = {}) {
  let now = 0;
  const timers: { at: number; run: () => void; id: number }[] = [];
  let nextId = 1;
  const sent: Uint8Array[] = [];
  const batcher = new FrameBatcher(options.width ?? 64, options.height ?? 48, {
    // The UI gets its own copy (over the wire); the batcher reuses the buffer once acknowledged.
    send: (frame) => sent.push(frame.slice()),
    windowBytes: options.windowBytes,
    maxRects: options.maxRects,
    intervalMs: 16,
    now: () => now,
    schedule: (run, ms) => {
      const timer = { at: now + ms, run, id: nextId++ };
      timers.push(timer);
      return timer.id;
    },
    cancel: (id) => {
      const index = timers.findIndex((t) => t.id === id);
      if (index >= 0) timers.splice(index, 1);
    },
  });
  const advance = (ms: number): void => {
    now += ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      timers.splice(timers.indexOf(due), 1);
      due.run();
    }
  };
  return { batcher, sent, advance, frames: (): DecodedFrame[] => sent.map((s) => decodeFrame(s)) };
}

const solid = (x: number, y: number, width: number, height: number, value: number) => ({
  x,
  y,
  width,
  height,
  rgba: new Uint8ClampedArray(width * height * 4).fill(value),
});

/** The colour of one pixel as the UI would have it after drawing every message in order. */
function drawn(frames: DecodedFrame[], px: number, py: number): number | undefined {
  let value: number | undefined;
  for (const frame of frames) {
    for (const r of frame.rects) {
      if (px >= r.x && px < r.x + r.width && py >= r.y && py < r.y + r.height) value = r.rgba[((py - r.y) * r.width + (px - r.x)) * 4];
    }
  }
  return value;
}

describe('FrameBatcher', () => {
  it('sends the rectangles painted within one interval as one message', () => {
    const { batcher, sent, advance, frames } = harness();
    batcher.attach();
    batcher.paint(solid(0, 0, 8, 8, 10));
    batcher.paint(solid(8, 0, 8, 8, 20));
    batcher.paint(solid(16, 0, 8, 8, 30));
    expect(sent).toHaveLength(0);
    advance(0);
    expect(sent).toHaveLength(1);
    expect(frames()[0]!.rects).toHaveLength(3);
    expect([drawn(frames(), 1, 1), drawn(frames(), 9, 1), drawn(frames(), 17, 1)]).toEqual([10, 20, 30]);
    // The next change within 16 ms of that message waits for the interval.
    batcher.paint(solid(0, 0, 8, 8, 40));
    advance(15);
    expect(sent).toHaveLength(1);
    advance(1);
    expect(sent).toHaveLength(2);
  });

  it('holds back while the UI has not acknowledged its window, then sends only the newest pixels', () => {
    const { batcher, sent, advance, frames } = harness({ windowBytes: 1 });
    batcher.attach();
    batcher.paint(solid(0, 0, 16, 16, 1));
    advance(16);
    expect(sent).toHaveLength(1);
    // Unacknowledged: 50 intermediate frames of the same region must collapse into one.
    for (let i = 2; i <= 51; i++) {
      batcher.paint(solid(0, 0, 16, 16, i));
      advance(16);
    }
    expect(sent).toHaveLength(1);
    expect(batcher.stats.heldBack).toBeGreaterThan(0);
    batcher.ack(sent[0]!.byteLength);
    advance(16);
    expect(sent).toHaveLength(2);
    const last = frames()[1]!;
    expect(last.rects).toHaveLength(1);
    expect(drawn([last], 5, 5)).toBe(51);
  });

  it('keeps a flood of rectangles to one framebuffer while the UI is stalled (never queues)', () => {
    const { batcher, sent, advance, frames } = harness({ windowBytes: 1, maxRects: 64, width: 320, height: 200 });
    batcher.attach();
    batcher.paint(solid(0, 0, 1, 1, 1));
    advance(16);
    for (let i = 0; i < 10_000; i++) {
      batcher.paint(solid((i * 13) % 312, (i * 7) % 192, 8, 8, (i % 250) + 1));
      if (i % 100 === 0) advance(16);
    }
    expect(sent).toHaveLength(1);
    batcher.ack(sent[0]!.byteLength);
    advance(16);
    expect(sent).toHaveLength(2);
    // At most the whole desktop plus headers, however many rectangles came.
    expect(sent[1]!.byteLength).toBeLessThanOrEqual(12 + 64 * 8 + 320 * 200 * 4 * 2);
    expect(frames()[1]!.rects.length).toBeLessThanOrEqual(64);
    // The last rectangle painted is what the UI ends up with.
    const i = 9_999;
    expect(drawn(frames(), (i * 13) % 312, (i * 7) % 192)).toBe((i % 250) + 1);
  });

  it('gives a newly attached stream the whole screen, and sends nothing while none is attached', () => {
    const { batcher, sent, advance, frames } = harness();
    batcher.paint(solid(0, 0, 64, 48, 77));
    advance(100);
    expect(sent).toHaveLength(0);
    batcher.attach();
    advance(0);
    expect(frames()[0]!.rects).toEqual([expect.objectContaining({ x: 0, y: 0, width: 64, height: 48 })]);
    batcher.detach();
    batcher.paint(solid(0, 0, 4, 4, 1));
    advance(100);
    expect(sent).toHaveLength(1);
  });

  it('clips rectangles that reach past the desktop edge', () => {
    const { batcher, advance, frames } = harness({ width: 10, height: 10 });
    batcher.attach();
    batcher.paint(solid(8, 8, 4, 4, 9));
    batcher.paint(solid(20, 20, 4, 4, 9));
    advance(0);
    expect(frames()[0]!.rects.map(({ x, y, width, height }) => ({ x, y, width, height }))).toEqual([{ x: 8, y: 8, width: 2, height: 2 }]);
  });
});
