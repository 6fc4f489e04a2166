import type { FrameRect } from '../../../shared/rdp/desktop-frame';

/** A server bitmap that can draw itself into a framebuffer of canvas words (connect/rdp/deferred-rect.ts). */
export interface DrawableRect {
  drawInto(framebuffer: Int32Array, width: number, height: number): FrameRect | undefined;
}

interface Pending {
  readonly rect: DrawableRect;
  /** Where it lands in the framebuffer, whole (a pending bitmap is never cropped). */
  readonly area: FrameRect;
  readonly bytes: number;
}

/**
 * Server bitmaps forwarded to the page and not yet decoded into the app's own framebuffer, in the
 * order they came. While the page keeps up nobody reads the app's copy, so decoding every bitmap
 * there at once is work thrown away; they are decoded when the copy is read (a page attaches or
 * falls behind, a bitmap that cannot be forwarded lands on top of them) or when too many are held.
 * Most of a scrolling screen is repainted many times over before then: a bitmap that later ones
 * cover entirely is skipped, as its pixels would be overwritten anyway.
 */
export class PendingBitmaps {
  private items: Pending[] = [];
  private heldBytes = 0;
  /** Per framebuffer row, one run of columns [start, end) that later bitmaps are known to cover. */
  private readonly coverStart: Int32Array;
  private readonly coverEnd: Int32Array;
  private counts = { decoded: 0, skipped: 0 };

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.coverStart = new Int32Array(height);
    this.coverEnd = new Int32Array(height);
  }

  /** `bytes`: what holding it keeps alive (its compressed data), for the caller's budget. */
  add(rect: DrawableRect, area: FrameRect, bytes: number): void {
    this.items.push({ rect, area, bytes });
    this.heldBytes += bytes;
  }

  get length(): number {
    return this.items.length;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  /** Bitmaps decoded and skipped (covered by later ones) so far. */
  get stats(): { readonly decoded: number; readonly skipped: number } {
    return { ...this.counts };
  }

  /**
   * Forgets the held bitmaps that later ones cover, without decoding anything: the framebuffer
   * ends the same when the rest are decoded. A scrolling screen is mostly such bitmaps, so this
   * keeps the held ones within budget while the page keeps up, where decoding them would be work
   * nobody reads.
   */
  forgetCovered(): void {
    const items = this.items;
    const covered = this.coveredFlags(items);
    const kept: Pending[] = [];
    let keptBytes = 0;
    for (let i = 0; i < items.length; i++) {
      if (covered[i]) continue;
      kept.push(items[i]!);
      keptBytes += items[i]!.bytes;
    }
    this.counts.skipped += items.length - kept.length;
    this.items = kept;
    this.heldBytes = keptBytes;
  }

  /**
   * Decodes the held bitmaps into `framebuffer` (`width × height` words) in the order they came,
   * skipping those that later ones cover, and forgets them: the framebuffer then shows what the
   * page shows.
   */
  drawInto(framebuffer: Int32Array): void {
    const items = this.items;
    if (items.length === 0) return;
    this.items = [];
    this.heldBytes = 0;
    const covered = this.coveredFlags(items);
    for (let i = 0; i < items.length; i++) {
      if (covered[i]) {
        this.counts.skipped += 1;
        continue;
      }
      items[i]!.rect.drawInto(framebuffer, this.width, this.height);
      this.counts.decoded += 1;
    }
  }

  /**
   * Walking back from the newest, which bitmaps later ones cover whole. The coverage kept per row is
   * one run of columns, widened only by runs that touch it, so it never claims a pixel no later
   * bitmap writes (each writes every pixel of its area, black if its stream is broken).
   */
  private coveredFlags(items: readonly Pending[]): Uint8Array {
    const covered = new Uint8Array(items.length);
    const { coverStart, coverEnd } = this;
    coverStart.fill(0);
    coverEnd.fill(0);
    for (let i = items.length - 1; i >= 0; i--) {
      const { x, y, width, height } = items[i]!.area;
      const right = x + width;
      const bottom = Math.min(this.height, y + height);
      let whole = true;
      for (let row = y; row < bottom; row++) {
        const start = coverStart[row]!;
        const end = coverEnd[row]!;
        if (start > x || end < right) whole = false;
        if (end === start || right < start || x > end) {
          // Disjoint from the run kept: keep the wider of the two.
          if (width > end - start) {
            coverStart[row] = x;
            coverEnd[row] = right;
          }
        } else {
          coverStart[row] = Math.min(start, x);
          coverEnd[row] = Math.max(end, right);
        }
      }
      covered[i] = whole ? 1 : 0;
    }
    return covered;
  }
}
