import { BitmapDecoder, type RawBitmap } from './bitmap-decoder';
import { FrameFormatError, type CompressedFrameRect, type DecodedFrame, type FrameRect } from './desktop-frame';
import { DirtyRegion } from './dirty-region';

/** Past this many changed rectangles between two paints, their bounding box is painted instead. */
const MAX_DAMAGE_RECTS = 32;

/**
 * The page's copy of the remote desktop: every message is applied to it (compressed bitmaps
 * decoded in place, then RGBA rectangles copied in), and what changed is kept as a short list of
 * rectangles for the next paint, so the canvas gets each changed area once per animation frame
 * however many messages came in between. No DOM: `pixels` is what an ImageData wraps.
 */
export class DesktopFramebuffer {
  private width = 0;
  private height = 0;
  private rgba = new Uint8ClampedArray(0);
  private words = new Int32Array(0);
  private readonly damage = new DirtyRegion(MAX_DAMAGE_RECTS);
  private readonly decoder = new BitmapDecoder();

  get desktopWidth(): number {
    return this.width;
  }

  get desktopHeight(): number {
    return this.height;
  }

  /** RGBA bytes of the whole desktop, top-down; replaced when the desktop's size changes. */
  get pixels(): Uint8ClampedArray {
    return this.rgba;
  }

  /**
   * Applies one message. A compressed bitmap whose stream is broken is drawn opaque black (as the
   * app draws it in its own copy) and the rest of the message still applies; then FrameFormatError
   * names the first broken one.
   */
  apply(frame: DecodedFrame): void {
    if (frame.desktopWidth !== this.width || frame.desktopHeight !== this.height) this.resize(frame.desktopWidth, frame.desktopHeight);
    let broken: string | undefined;
    frame.compressed.forEach((c, i) => {
      try {
        this.decoder.decodeIntoImage(rawBitmapOf(c), this.words, this.width, this.height);
      } catch (error) {
        broken ??= `compressed rectangle ${i + 1} of ${frame.compressed.length}: ${(error as Error).message}`;
      }
      this.damaged(c);
    });
    for (const r of frame.rects) {
      const rowBytes = r.width * 4;
      for (let row = 0; row < r.height; row++) {
        this.rgba.set(r.rgba.subarray(row * rowBytes, (row + 1) * rowBytes), ((r.y + row) * this.width + r.x) * 4);
      }
      this.damaged(r);
    }
    if (broken !== undefined) throw new FrameFormatError(broken);
  }

  /** The areas changed since the last call, and none afterwards. */
  takeDamage(): FrameRect[] {
    return this.damage.take();
  }

  private resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.rgba = new Uint8ClampedArray(width * height * 4);
    this.words = new Int32Array(this.rgba.buffer);
    // The canvas is cleared too when its size changes: all of it is to be painted.
    this.damage.take();
    this.damage.add({ x: 0, y: 0, width, height });
  }

  private damaged(rect: FrameRect): void {
    // Only the area: a compressed rectangle would keep its stream alive until the next paint.
    this.damage.add({ x: rect.x, y: rect.y, width: rect.width, height: rect.height });
  }
}

/** The bitmap as the server described it (inclusive destination bounds), for the shared decoder. */
function rawBitmapOf(c: CompressedFrameRect): RawBitmap {
  return {
    destLeft: c.x,
    destTop: c.y,
    destRight: c.x + c.width - 1,
    destBottom: c.y + c.height - 1,
    width: c.bitmapWidth,
    height: c.bitmapHeight,
    bitsPerPixel: c.bitsPerPixel,
    isCompress: true,
    data: c.data,
  };
}
