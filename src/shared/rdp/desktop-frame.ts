/**
 * One message of remote desktop pixels, app → UI, as a single binary stream message (a binary
 * WebSocket frame in browser mode, a Uint8Array over the MessagePort in Electron). It carries
 * every rectangle that changed since the previous message, each with its RGBA pixels, so the UI
 * draws a whole batch with one `putImageData` per rectangle and acknowledges it at once.
 *
 * Layout, little-endian:
 *   header (12 bytes): magic "LCDF" · u16 desktop width · u16 desktop height · u16 rect count · u16 0
 *   per rectangle: u16 x · u16 y · u16 width · u16 height · width × height × 4 bytes RGBA, top-down
 */

export const FRAME_MAGIC = 0x4644434c; // "LCDF" read as a little-endian u32
export const FRAME_HEADER_BYTES = 12;
export const RECT_HEADER_BYTES = 8;

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

export interface DecodedFrame {
  readonly desktopWidth: number;
  readonly desktopHeight: number;
  readonly rects: readonly DecodedFrameRect[];
}

export class FrameFormatError extends Error {
  override readonly name = 'FrameFormatError';
}

/** Bytes a message with these rectangles takes. */
export function frameByteLength(rects: readonly FrameRect[]): number {
  let total = FRAME_HEADER_BYTES;
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
): Uint8Array {
  if (rects.length > 0xffff) throw new FrameFormatError(`${rects.length} rectangles do not fit one message (at most 65535)`);
  const byteLength = frameByteLength(rects);
  const out = allocate(byteLength);
  if (out.byteLength !== byteLength) throw new RangeError(`allocate gave ${out.byteLength} bytes for a ${byteLength}-byte message`);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(0, FRAME_MAGIC, true);
  view.setUint16(4, desktopWidth, true);
  view.setUint16(6, desktopHeight, true);
  view.setUint16(8, rects.length, true);
  view.setUint16(10, 0, true);
  let offset = FRAME_HEADER_BYTES;
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
  if (bytes.byteLength < FRAME_HEADER_BYTES) throw new FrameFormatError(`a frame of ${bytes.byteLength} bytes is shorter than its header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== FRAME_MAGIC) throw new FrameFormatError('not a desktop frame (wrong magic)');
  const desktopWidth = view.getUint16(4, true);
  const desktopHeight = view.getUint16(6, true);
  const count = view.getUint16(8, true);
  const rects: DecodedFrameRect[] = [];
  let offset = FRAME_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (offset + RECT_HEADER_BYTES > bytes.byteLength) throw new FrameFormatError(`rectangle ${i + 1} of ${count} is cut off`);
    const x = view.getUint16(offset, true);
    const y = view.getUint16(offset + 2, true);
    const width = view.getUint16(offset + 4, true);
    const height = view.getUint16(offset + 6, true);
    offset += RECT_HEADER_BYTES;
    const size = width * height * 4;
    if (width === 0 || height === 0) throw new FrameFormatError(`rectangle ${i + 1} is empty`);
    if (x + width > desktopWidth || y + height > desktopHeight)
      throw new FrameFormatError(`rectangle ${i + 1} lies outside the ${desktopWidth}×${desktopHeight} desktop`);
    if (offset + size > bytes.byteLength) throw new FrameFormatError(`the pixels of rectangle ${i + 1} of ${count} are cut off`);
    rects.push({ x, y, width, height, rgba: new Uint8ClampedArray(bytes.buffer, bytes.byteOffset + offset, size) });
    offset += size;
  }
  if (offset !== bytes.byteLength) throw new FrameFormatError(`${bytes.byteLength - offset} bytes after the last rectangle`);
  return { desktopWidth, desktopHeight, rects };
}
