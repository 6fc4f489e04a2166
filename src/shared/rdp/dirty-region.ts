import type { FrameRect } from './desktop-frame';

/**
 * The parts of the desktop that changed since the last message, as a short list of rectangles.
 * Bounded whatever the server sends: a rectangle inside another is dropped, and past `maxRects`
 * the list collapses into its bounding box — which costs bytes (unchanged pixels go again) but
 * never memory, since pixels are read from the framebuffer only when a message is built.
 */
export class DirtyRegion {
  private rects: FrameRect[] = [];

  constructor(private readonly maxRects = 64) {}

  add(rect: FrameRect): void {
    if (!this.covers(rect.x, rect.y, rect.width, rect.height)) this.keep(rect);
  }

  /** add() of an area given by its numbers: an object is made only when the area is kept. */
  addArea(x: number, y: number, width: number, height: number): void {
    if (!this.covers(x, y, width, height)) this.keep({ x, y, width, height });
  }

  /** True when the area is empty or inside a rectangle already held. */
  private covers(x: number, y: number, width: number, height: number): boolean {
    if (width <= 0 || height <= 0) return true;
    // In place, without closures or new arrays: this runs for every server rectangle.
    const rects = this.rects;
    for (let i = 0; i < rects.length; i++) {
      const r = rects[i]!;
      if (x >= r.x && y >= r.y && x + width <= r.x + r.width && y + height <= r.y + r.height) return true;
    }
    return false;
  }

  private keep(rect: FrameRect): void {
    const rects = this.rects;
    let kept = 0;
    for (let i = 0; i < rects.length; i++) if (!contains(rect, rects[i]!)) rects[kept++] = rects[i]!;
    rects.length = kept;
    rects.push(rect);
    if (rects.length > this.maxRects) {
      rects[0] = boundingBox(rects);
      rects.length = 1;
    }
  }

  get isEmpty(): boolean {
    return this.rects.length === 0;
  }

  /** The rectangles, and an empty region afterwards. */
  take(): FrameRect[] {
    const taken = this.rects;
    this.rects = [];
    return taken;
  }

  /** Pixels the region covers, overlaps counted twice (what a message of it would carry). */
  get area(): number {
    return this.rects.reduce((sum, r) => sum + r.width * r.height, 0);
  }
}

function contains(outer: FrameRect, inner: FrameRect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

export function boundingBox(rects: readonly FrameRect[]): FrameRect {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const r of rects) {
    left = Math.min(left, r.x);
    top = Math.min(top, r.y);
    right = Math.max(right, r.x + r.width);
    bottom = Math.max(bottom, r.y + r.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}
