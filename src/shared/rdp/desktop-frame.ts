/**
 * One message of remote desktop pixels, app → UI, as a single binary stream message (a binary
 * WebSocket frame in browser mode, a Uint8Array over the MessagePort in Electron). It carries
 * every rectangle that changed since the previous message, each with its RGBA pixels, so the UI
 * draws a whole batch with one `putImageData` per rectangle and acknowledges it at once.
 *
 * A message may also carry server bitmaps still compressed (interleaved RLE, as xrdp sent them):
 * about a quarter of the bytes of their RGBA while the page keeps up. They come first, in the order
 * the server sent them, and the page decodes them into its framebuffer before the RGBA rectangles,
 * which hold the app's newest pixels of the areas it could not forward (see frame-batcher.ts).
 *
 * Layout, little-endian:
 *   header (12 bytes): magic "LCDF" · u16 desktop width · u16 desktop height · u16 RGBA rect count
 *                      · u16 compressed rect count (0 in messages of RGBA only)
 *   per compressed rectangle (first): u16 x · u16 y · u16 width · u16 height (the destination, inside
 *     the desktop) · u16 bitmap width · u16 bitmap height (the stream's, padded: at least the
 *     destination's) · u8 bits per pixel (16 or 24) · u8 0 · u32 byte length · the RLE stream
 *   per RGBA rectangle: u16 x · u16 y · u16 width · u16 height · width × height × 4 bytes RGBA, top-down
 */

export const FRAME_MAGIC = 0x4644434c; // "LCDF" read as a little-endian u32
export const FRAME_HEADER_BYTES = 12;
export const RECT_HEADER_BYTES = 8;
export const COMPRESSED_RECT_HEADER_BYTES = 20;
/** Bigger bitmaps are refused: the page allocates a scratch buffer of this many pixels to crop one. */
export const MAX_COMPRESSED_BITMAP_PIXELS = 4096 * 4096;

export interface FrameRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DecodedFrameRect extends FrameRect {
  /** A view into the message: copy it to keep it beyond the draw. */
  readonly rgba: Uint8ClampedArray;
}

/** A server bitmap as it came: `width × height` at (x, y) is the part of it drawn (its top-left). */
export interface CompressedFrameRect extends FrameRect {
  readonly bitmapWidth: number;
  readonly bitmapHeight: number;
  readonly bitsPerPixel: 16 | 24;
  /** Interleaved RLE (MS-RDPBCGR 2.2.9.1.1.3.1.2.4); a view into the message when decoded. */
  readonly data: Uint8Array;
}

export interface DecodedFrame {
  readonly desktopWidth: number;
  readonly desktopHeight: number;
  /** Drawn first, in this order. */
  readonly compressed: readonly CompressedFrameRect[];
  readonly rects: readonly DecodedFrameRect[];
}

export class FrameFormatError extends Error {
  override readonly name = 'FrameFormatError';
}

/** Bytes a message with these rectangles takes. */
export function frameByteLength(rects: readonly FrameRect[], compressed: readonly CompressedFrameRect[] = []): number {
  let total = FRAME_HEADER_BYTES;
  for (const c of compressed) total += COMPRESSED_RECT_HEADER_BYTES + c.data.byteLength;
  for (const r of rects) total += RECT_HEADER_BYTES + r.width * r.height * 4;
  return total;
}

/**
 * Builds a message; `pixelsOf` writes each rectangle's RGBA into the slice it is given, every
 * byte of it (the app copies straight from its framebuffer, with no intermediate buffer per
 * rectangle). `allocate` gives the message's bytes — a fresh buffer by default, or a reused one,
 * since every byte of the message is written.
 */
export function encodeFrame(
  desktopWidth: number,
  desktopHeight: number,
  rects: readonly FrameRect[],
  pixelsOf: (rect: FrameRect, target: Uint8Array) => void,
  allocate: (bytes: number) => Uint8Array = (bytes) => new Uint8Array(bytes),
  compressed: readonly CompressedFrameRect[] = [],
): Uint8Array {
  if (rects.length > 0xffff) throw new FrameFormatError(`${rects.length} rectangles do not fit one message (at most 65535)`);
  if (compressed.length > 0xffff)
    throw new FrameFormatError(`${compressed.length} compressed rectangles do not fit one message (at most 65535)`);
  const byteLength = frameByteLength(rects, compressed);
  const out = allocate(byteLength);
  if (out.byteLength !== byteLength) throw new RangeError(`allocate gave ${out.byteLength} bytes for a ${byteLength}-byte message`);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(0, FRAME_MAGIC, true);
  view.setUint16(4, desktopWidth, true);
  view.setUint16(6, desktopHeight, true);
  view.setUint16(8, rects.length, true);
  view.setUint16(10, compressed.length, true);
  let offset = FRAME_HEADER_BYTES;
  for (const c of compressed) {
    view.setUint16(offset, c.x, true);
    view.setUint16(offset + 2, c.y, true);
    view.setUint16(offset + 4, c.width, true);
    view.setUint16(offset + 6, c.height, true);
    view.setUint16(offset + 8, c.bitmapWidth, true);
    view.setUint16(offset + 10, c.bitmapHeight, true);
    view.setUint8(offset + 12, c.bitsPerPixel);
    view.setUint8(offset + 13, 0);
    view.setUint16(offset + 14, 0, true);
    view.setUint32(offset + 16, c.data.byteLength, true);
    offset += COMPRESSED_RECT_HEADER_BYTES;
    out.set(c.data, offset);
    offset += c.data.byteLength;
  }
  for (const r of rects) {
    view.setUint16(offset, r.x, true);
    view.setUint16(offset + 2, r.y, true);
    view.setUint16(offset + 4, r.width, true);
    view.setUint16(offset + 6, r.height, true);
    offset += RECT_HEADER_BYTES;
    const size = r.width * r.height * 4;
    pixelsOf(r, out.subarray(offset, offset + size));
    offset += size;
  }
  return out;
}

/** Reads a message; throws FrameFormatError for anything that is not one, without reading past its end. */
export function decodeFrame(bytes: Uint8Array): DecodedFrame {
  const reader = new FrameReader();
  reader.read(bytes);
  const compressed: CompressedFrameRect[] = [];
  const rects: DecodedFrameRect[] = [];
  while (reader.next()) {
    const { x, y, width, height, start, end } = reader;
    if (reader.isCompressed) {
      const { bitmapWidth, bitmapHeight, bitsPerPixel } = reader;
      compressed.push({ x, y, width, height, bitmapWidth, bitmapHeight, bitsPerPixel, data: bytes.subarray(start, end) });
    } else {
      rects.push({ x, y, width, height, rgba: new Uint8ClampedArray(bytes.buffer, bytes.byteOffset + start, end - start) });
    }
  }
  return { desktopWidth: reader.desktopWidth, desktopHeight: reader.desktopHeight, compressed, rects };
}

/**
 * Walks a message's rectangles in place, one at a time, making no object per message or
 * rectangle: the page reads every message with one reader. `read` checks the whole message first
 * (so nothing of a broken one is drawn), then `next` stands on each rectangle in turn — compressed
 * ones first — and its fields describe it; `bytes[start .. end)` is its RLE stream or its RGBA.
 */
export class FrameReader {
  desktopWidth = 0;
  desktopHeight = 0;
  bytes: Uint8Array = new Uint8Array(0);
  /** Of the rectangle `next` stands on: */
  isCompressed = false;
  x = 0;
  y = 0;
  width = 0;
  height = 0;
  /** Compressed rectangles only: the bitmap's (padded) size and depth. */
  bitmapWidth = 0;
  bitmapHeight = 0;
  bitsPerPixel: 16 | 24 = 24;
  start = 0;
  end = 0;
  /** Compressed rectangles in the message, RGBA ones after them. */
  compressedCount = 0;
  rgbaCount = 0;
  private offset = 0;
  /** Rectangles `next` has stood on, compressed ones counted first. */
  private index = 0;

  /** Checks `bytes` is one whole message (FrameFormatError if not) and stands before its first rectangle. */
  read(bytes: Uint8Array): void {
    this.bytes = bytes;
    if (bytes.byteLength < FRAME_HEADER_BYTES)
      throw new FrameFormatError(`a frame of ${bytes.byteLength} bytes is shorter than its header`);
    if (u32(bytes, 0) !== FRAME_MAGIC) throw new FrameFormatError('not a desktop frame (wrong magic)');
    this.desktopWidth = u16(bytes, 4);
    this.desktopHeight = u16(bytes, 6);
    this.rgbaCount = u16(bytes, 8);
    this.compressedCount = u16(bytes, 10);
    this.rewind();
    while (this.next());
    if (this.offset !== bytes.byteLength) throw new FrameFormatError(`${bytes.byteLength - this.offset} bytes after the last rectangle`);
    this.rewind();
  }

  /** Moves to the next rectangle and checks it; false after the last. */
  next(): boolean {
    if (this.index < this.compressedCount) this.nextCompressed(this.index);
    else if (this.index < this.compressedCount + this.rgbaCount) this.nextRgba(this.index - this.compressedCount);
    else return false;
    this.index += 1;
    return true;
  }

  private rewind(): void {
    this.offset = FRAME_HEADER_BYTES;
    this.index = 0;
  }

  private nextCompressed(i: number): void {
    const { bytes, offset, compressedCount, desktopWidth, desktopHeight } = this;
    if (offset + COMPRESSED_RECT_HEADER_BYTES > bytes.byteLength)
      throw new FrameFormatError(`compressed rectangle ${i + 1} of ${compressedCount} is cut off`);
    const x = (this.x = u16(bytes, offset));
    const y = (this.y = u16(bytes, offset + 2));
    const width = (this.width = u16(bytes, offset + 4));
    const height = (this.height = u16(bytes, offset + 6));
    const bitmapWidth = (this.bitmapWidth = u16(bytes, offset + 8));
    const bitmapHeight = (this.bitmapHeight = u16(bytes, offset + 10));
    const bitsPerPixel = bytes[offset + 12]!;
    const length = u32(bytes, offset + 16);
    this.isCompressed = true;
    this.start = offset + COMPRESSED_RECT_HEADER_BYTES;
    if (
      width === 0 ||
      height === 0 ||
      x + width > desktopWidth ||
      y + height > desktopHeight ||
      bitmapWidth < width ||
      bitmapHeight < height
    ) {
      const which = `compressed rectangle ${i + 1} of ${compressedCount}`;
      if (width === 0 || height === 0) throw new FrameFormatError(`${which} is empty`);
      if (x + width > desktopWidth || y + height > desktopHeight)
        throw new FrameFormatError(`${which} lies outside the ${desktopWidth}×${desktopHeight} desktop`);
      throw new FrameFormatError(`${which}: its ${bitmapWidth}×${bitmapHeight} bitmap is smaller than the ${width}×${height} it draws`);
    }
    if (bitmapWidth * bitmapHeight > MAX_COMPRESSED_BITMAP_PIXELS)
      throw new FrameFormatError(
        `compressed rectangle ${i + 1} of ${compressedCount}: a ${bitmapWidth}×${bitmapHeight} bitmap is larger than any server sends`,
      );
    if (bitsPerPixel !== 16 && bitsPerPixel !== 24)
      throw new FrameFormatError(
        `compressed rectangle ${i + 1} of ${compressedCount} has ${bitsPerPixel} bits per pixel (expected 16 or 24)`,
      );
    this.bitsPerPixel = bitsPerPixel;
    if (length > bytes.byteLength - this.start)
      throw new FrameFormatError(`the stream of compressed rectangle ${i + 1} of ${compressedCount} is cut off`);
    this.end = this.offset = this.start + length;
  }

  private nextRgba(i: number): void {
    const { bytes, offset, rgbaCount, desktopWidth, desktopHeight } = this;
    if (offset + RECT_HEADER_BYTES > bytes.byteLength) throw new FrameFormatError(`rectangle ${i + 1} of ${rgbaCount} is cut off`);
    const x = (this.x = u16(bytes, offset));
    const y = (this.y = u16(bytes, offset + 2));
    const width = (this.width = u16(bytes, offset + 4));
    const height = (this.height = u16(bytes, offset + 6));
    this.isCompressed = false;
    this.start = offset + RECT_HEADER_BYTES;
    if (width === 0 || height === 0) throw new FrameFormatError(`rectangle ${i + 1} is empty`);
    if (x + width > desktopWidth || y + height > desktopHeight)
      throw new FrameFormatError(`rectangle ${i + 1} lies outside the ${desktopWidth}×${desktopHeight} desktop`);
    if (this.start + width * height * 4 > bytes.byteLength)
      throw new FrameFormatError(`the pixels of rectangle ${i + 1} of ${rgbaCount} are cut off`);
    this.end = this.offset = this.start + width * height * 4;
  }
}

function u16(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) + bytes[at + 3]! * 0x1000000;
}
