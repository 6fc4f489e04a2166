import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';
import type { RawBitmap } from '../../../src/shared/rdp/bitmap-decoder';

/**
 * `.rdpcap` files: bitmaps exactly as xrdp sent them, with the SHA-256 of their reference
 * decoding (see README.md). Little-endian:
 *   "RDPCAP01", u32 count, then per bitmap:
 *   u16 destLeft, destTop, destRight, destBottom, width, height, bitsPerPixel, flags (1 = compressed),
 *   u32 length, length bytes of bitmap data, 32 bytes SHA-256 of the reference RGBA (all zero: none).
 * `.frame` files: a whole screen, u16 width, u16 height, then deflated RGBA.
 */
export interface CapturedBitmap extends RawBitmap {
  readonly referenceSha256: string | undefined;
}

const MAGIC = 'RDPCAP01';
export const CAPTURE_DIR = fileURLToPath(new URL('.', import.meta.url));

export function encodeCapture(bitmaps: readonly CapturedBitmap[]): Buffer {
  const parts: Buffer[] = [Buffer.from(MAGIC, 'latin1')];
  const count = Buffer.alloc(4);
  count.writeUInt32LE(bitmaps.length);
  parts.push(count);
  for (const b of bitmaps) {
    const head = Buffer.alloc(20);
    [b.destLeft, b.destTop, b.destRight, b.destBottom, b.width, b.height, b.bitsPerPixel, b.isCompress ? 1 : 0].forEach(
      (v, i) => head.writeUInt16LE(v, i * 2),
    );
    head.writeUInt32LE(b.data.length, 16);
    parts.push(head, Buffer.from(b.data), b.referenceSha256 ? Buffer.from(b.referenceSha256, 'hex') : Buffer.alloc(32));
  }
  return Buffer.concat(parts);
}

export function decodeCapture(file: Buffer, name = 'capture'): CapturedBitmap[] {
  if (file.toString('latin1', 0, 8) !== MAGIC) throw new Error(`${name}: not an ${MAGIC} file`);
  const count = file.readUInt32LE(8);
  const bitmaps: CapturedBitmap[] = [];
  let p = 12;
  for (let i = 0; i < count; i++) {
    const f = (k: number) => file.readUInt16LE(p + k * 2);
    const length = file.readUInt32LE(p + 16);
    const data = new Uint8Array(file.buffer, file.byteOffset + p + 20, length);
    const hash = file.subarray(p + 20 + length, p + 52 + length);
    if (hash.length !== 32) throw new Error(`${name}: truncated at bitmap ${i}`);
    bitmaps.push({
      destLeft: f(0),
      destTop: f(1),
      destRight: f(2),
      destBottom: f(3),
      width: f(4),
      height: f(5),
      bitsPerPixel: f(6),
      isCompress: (f(7) & 1) === 1,
      data,
      referenceSha256: hash.every((x) => x === 0) ? undefined : hash.toString('hex'),
    });
    p += 52 + length;
  }
  return bitmaps;
}

export function readCapture(fileName: string): CapturedBitmap[] {
  return decodeCapture(readFileSync(CAPTURE_DIR + fileName), fileName);
}

export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
}

export function encodeFrame(frame: Frame): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(frame.width, 0);
  head.writeUInt16LE(frame.height, 2);
  return Buffer.concat([head, deflateSync(frameBytes(frame), { level: 9 })]);
}

function frameBytes(frame: Frame): Buffer {
  return Buffer.from(frame.rgba.buffer, frame.rgba.byteOffset, frame.rgba.byteLength);
}

export function readFrame(fileName: string): Frame {
  const file = readFileSync(CAPTURE_DIR + fileName);
  const width = file.readUInt16LE(0);
  const height = file.readUInt16LE(2);
  const rgba = new Uint8ClampedArray(inflateSync(file.subarray(4)));
  if (rgba.length !== width * height * 4) throw new Error(`${fileName}: ${rgba.length} bytes for ${width}x${height}`);
  return { width, height, rgba };
}

/** Paints decoded rectangles onto a screen, as a canvas would with putImageData. */
export function paint(screen: Frame, rect: { x: number; y: number; width: number; height: number; rgba: Uint8ClampedArray }): void {
  for (let row = 0; row < rect.height; row++) {
    const y = rect.y + row;
    if (y >= screen.height) break;
    const columns = Math.min(rect.width, screen.width - rect.x);
    const from = row * rect.width * 4;
    screen.rgba.set(rect.rgba.subarray(from, from + columns * 4), (y * screen.width + rect.x) * 4);
  }
}
