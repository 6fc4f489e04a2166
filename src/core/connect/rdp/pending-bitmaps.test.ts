import { describe, expect, it } from 'vitest';
import type { FrameRect } from '../../../shared/rdp/desktop-frame';
import { PendingBitmaps, type DrawableRect } from './pending-bitmaps';

/** A rectangle that fills its area with one colour, as a decoded bitmap writes every pixel of its area. */
function solid(area: FrameRect, colour: number): DrawableRect {
  return {
    drawInto(framebuffer, width) {
      for (let y = area.y; y < area.y + area.height; y++) framebuffer.fill(colour, y * width + area.x, y * width + area.x + area.width);
      return area;
    },
  };
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('forwarded bitmaps decoded late into the app framebuffer', () => {
  it('ends with the pixels of drawing every bitmap in order, skipping only those later ones cover', () => {
    const [width, height] = [97, 61];
    let skippedSomewhere = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const pending = new PendingBitmaps(width, height);
      const inOrder = new Int32Array(width * height);
      const late = new Int32Array(width * height).fill(-1);
      inOrder.fill(-1);
      const count = 1 + Math.floor(next() * 40);
      for (let i = 0; i < count; i++) {
        // Full-width strips, as xrdp sends a scrolling terminal, mixed with rectangles anywhere.
        const strip = next() < 0.5;
        const x = strip ? 0 : Math.floor(next() * width);
        const y = Math.floor(next() * height);
        const area = {
          x,
          y,
          width: strip ? width : 1 + Math.floor(next() * (width - x)),
          height: 1 + Math.floor(next() * Math.min(12, height - y)),
        };
        const rect = solid(area, seed * 1000 + i);
        rect.drawInto(inOrder, width, height);
        pending.add(rect, area, 10);
      }
      expect(pending.length).toBe(count);
      expect(pending.bytes).toBe(count * 10);
      pending.drawInto(late);
      expect(pending.length).toBe(0);
      expect(pending.bytes).toBe(0);
      let differing = 0;
      for (let i = 0; i < late.length; i++) if (late[i] !== inOrder[i]) differing++;
      expect(differing, `seed ${seed}: pixels that differ`).toBe(0);
      const { decoded, skipped } = pending.stats;
      expect(decoded + skipped).toBe(count);
      skippedSomewhere += skipped;
    }
    expect(skippedSomewhere).toBeGreaterThan(0);
  });

  it('forgetting the covered ones on the way changes no pixel and decodes none of them', () => {
    const [width, height] = [83, 47];
    let forgotten = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const pending = new PendingBitmaps(width, height);
      const inOrder = new Int32Array(width * height).fill(-1);
      const late = new Int32Array(width * height).fill(-1);
      const count = 1 + Math.floor(next() * 60);
      let held = 0;
      for (let i = 0; i < count; i++) {
        const strip = next() < 0.6;
        const x = strip ? 0 : Math.floor(next() * width);
        const y = Math.floor(next() * height);
        const area = {
          x,
          y,
          width: strip ? width : 1 + Math.floor(next() * (width - x)),
          height: 1 + Math.floor(next() * Math.min(9, height - y)),
        };
        const rect = solid(area, seed * 1000 + i);
        rect.drawInto(inOrder, width, height);
        pending.add(rect, area, i + 1);
        held += i + 1;
        if (next() < 0.2) {
          const before = pending.length;
          pending.forgetCovered();
          forgotten += before - pending.length;
          expect(pending.stats.decoded, `seed ${seed}: decoded while forgetting`).toBe(0);
        }
      }
      expect(pending.stats.skipped + pending.length).toBe(count);
      expect(pending.bytes, `seed ${seed}: bytes still held`).toBeLessThanOrEqual(held);
      pending.drawInto(late);
      let differing = 0;
      for (let i = 0; i < late.length; i++) if (late[i] !== inOrder[i]) differing++;
      expect(differing, `seed ${seed}: pixels that differ`).toBe(0);
    }
    expect(forgotten).toBeGreaterThan(0);
  });

  it('forgetting covered bitmaps releases their bytes', () => {
    const [width, height] = [16, 8];
    const pending = new PendingBitmaps(width, height);
    const area = { x: 0, y: 2, width, height: 3 };
    for (let i = 1; i <= 5; i++) pending.add(solid(area, i), area, 100 * i);
    pending.forgetCovered();
    expect(pending.length).toBe(1);
    expect(pending.bytes).toBe(500);
    expect(pending.stats).toEqual({ decoded: 0, skipped: 4 });
  });

  it('a strip painted again later is decoded once, the newest', () => {
    const [width, height] = [16, 8];
    const pending = new PendingBitmaps(width, height);
    const area = { x: 0, y: 2, width, height: 3 };
    for (let i = 1; i <= 5; i++) pending.add(solid(area, i), area, 1);
    const framebuffer = new Int32Array(width * height);
    pending.drawInto(framebuffer);
    expect(pending.stats).toEqual({ decoded: 1, skipped: 4 });
    expect(framebuffer[2 * width]).toBe(5);
  });
});
