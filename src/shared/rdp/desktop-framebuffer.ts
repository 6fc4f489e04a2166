import { BitmapDecoder, type RleBitmapInBuffer } from './bitmap-decoder';
import { FrameFormatError, FrameReader, type DecodedFrame, type FrameRect } from './desktop-frame';
import { DirtyRegion } from './dirty-region';

/** Past this many changed rectangles between two paints, their bounding box is painted instead. */
const MAX_DAMAGE_RECTS = 32;

/**
 * The page's copy of the remote desktop: every message is applied to it (compressed bitmaps
 * decoded in place, then RGBA rectangles copied in), and what changed is kept as a short list of
 * rectangles for the next paint, so the canvas gets each changed area once per animation frame
 * however many messages came in between. No DOM: `pixels` is what an ImageData wraps.
 * `applyMessage` makes no object per message or bitmap (the page's garbage collector would
 * otherwise clear thousands a second while a desktop scrolls).
 */
export class DesktopFramebuffer {
  private width = 0;
  private height = 0;
  private rgba = new Uint8ClampedArray(0);
  private words = new Int32Array(0);
  private readonly damage = new DirtyRegion(MAX_DAMAGE_RECTS);
  private readonly decoder = new BitmapDecoder();
  private readonly reader = new FrameReader();

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
   * Applies one message as it came (desktop-frame.ts), read in place. A message that is not one
   * throws FrameFormatError and changes nothing. A compressed bitmap whose stream is broken is
   * drawn opaque black (as the app draws it in its own copy) and the rest of the message still
   * applies; then FrameFormatError names the first broken one.
   */
  applyMessage(bytes: Uint8Array): void {
    const reader = this.reader;
    reader.read(bytes);
    this.sizeFor(reader.desktopWidth, reader.desktopHeight);
    const compressedCount = reader.compressedCount;
    let broken: string | undefined;
    for (let i = 0; reader.next(); i++) {
      if (reader.isCompressed) {
        const why = this.decode(reader, i, compressedCount);
        broken ??= why;
      } else this.copyRgba(reader.x, reader.y, reader.width, reader.height, bytes, reader.start);
      this.damage.addArea(reader.x, reader.y, reader.width, reader.height);
    }
    if (broken !== undefined) throw new FrameFormatError(broken);
  }

  /** applyMessage for a message already decoded into objects (decodeFrame). */
  apply(frame: DecodedFrame): void {
    this.sizeFor(frame.desktopWidth, frame.desktopHeight);
    let broken: string | undefined;
    for (let i = 0; i < frame.compressed.length; i++) {
      const c = frame.compressed[i]!;
      const why = this.decode({ ...c, bytes: c.data, start: 0, end: c.data.length }, i, frame.compressed.length);
      broken ??= why;
      this.damage.addArea(c.x, c.y, c.width, c.height);
    }
    for (const r of frame.rects) {
      this.copyRgba(r.x, r.y, r.width, r.height, r.rgba, 0);
      this.damage.addArea(r.x, r.y, r.width, r.height);
    }
    if (broken !== undefined) throw new FrameFormatError(broken);
  }

  /** The areas changed since the last call, and none afterwards. */
  takeDamage(): FrameRect[] {
    return this.damage.take();
  }

  /** Decodes one compressed bitmap; answers why it is broken, if it is. */
  private decode(bitmap: RleBitmapInBuffer, index: number, count: number): string | undefined {
    try {
      this.decoder.decodeRleIntoImage(bitmap, this.words, this.width, this.height);
      return undefined;
    } catch (error) {
      return `compressed rectangle ${index + 1} of ${count}: ${(error as Error).message}`;
    }
  }

  /** Copies `width × height` RGBA pixels, top-down, from `source[start ..]` to (x, y). */
  private copyRgba(x: number, y: number, width: number, height: number, source: Uint8Array | Uint8ClampedArray, start: number): void {
    const rowBytes = width * 4;
    if (x === 0 && width === this.width) {
      // Whole rows are one run of bytes in both.
      this.rgba.set(source.subarray(start, start + rowBytes * height), y * rowBytes);
      return;
    }
    for (let row = 0; row < height; row++) {
      const from = start + row * rowBytes;
      this.rgba.set(source.subarray(from, from + rowBytes), ((y + row) * this.width + x) * 4);
    }
  }

  private sizeFor(width: number, height: number): void {
    if (width !== this.width || height !== this.height) this.resize(width, height);
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
}
