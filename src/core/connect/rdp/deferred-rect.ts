import { MAX_COMPRESSED_BITMAP_PIXELS, type CompressedFrameRect } from '../../../shared/rdp/desktop-frame';
import {
  checkBitmap,
  imageArea,
  type BitmapDecoder,
  type DecodedRect,
  type FrameArea,
  type RawBitmap,
} from '../../../shared/rdp/bitmap-decoder';

/**
 * A server bitmap handed on undecoded: a listener that keeps the whole screen (the frame batcher)
 * has it decoded straight into its framebuffer with `drawInto`, skipping a buffer per rectangle and
 * a copy — or not at all here, when it forwards it to a page as it came (`compressed`); one that
 * reads `rgba` gets a fresh buffer, decoded on first read, as before.
 * Size, depth and length are checked up front; an RLE stream that turns out broken while decoding
 * gives an opaque black rectangle, in the framebuffer (it was being decoded there) or read through
 * `rgba`; either way `onError` hears of it.
 */
export class DeferredRect implements DecodedRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  private pixels: Uint8ClampedArray | undefined;

  /** Throws BitmapDecodeError for a bitmap that cannot be decoded at all. */
  constructor(
    private readonly bitmap: RawBitmap,
    private readonly decoder: BitmapDecoder,
    private readonly onError: (error: Error) => void,
  ) {
    const { width, height } = checkBitmap(bitmap);
    this.x = bitmap.destLeft;
    this.y = bitmap.destTop;
    this.width = width;
    this.height = height;
  }

  get rgba(): Uint8ClampedArray {
    if (this.pixels === undefined) {
      const pixels = new Uint8ClampedArray(this.width * this.height * 4);
      try {
        this.decoder.decodeInto(this.bitmap, pixels);
      } catch (error) {
        new Int32Array(pixels.buffer).fill(0xff000000 | 0);
        this.onError(error as Error);
      }
      this.pixels = pixels;
    }
    return this.pixels;
  }

  /** Decodes into an image of canvas words `imageWidth` wide; the area written (black if broken), undefined if none. */
  drawInto(image: Int32Array, imageWidth: number, imageHeight: number): FrameArea | undefined {
    try {
      return this.decoder.decodeIntoImage(this.bitmap, image, imageWidth, imageHeight);
    } catch (error) {
      this.onError(error as Error);
      return imageArea(this.bitmap, imageWidth, imageHeight);
    }
  }

  /**
   * The bitmap as the server sent it, for a page that decodes it itself into an image of
   * `imageWidth × imageHeight`, with the same decoder: an interleaved-RLE bitmap that lands whole in
   * the image (not cropped by it), so the page's pixels come out the same as `drawInto` would make
   * them — a stream that turns out broken leaves the same opaque black area on both sides.
   * Undefined otherwise (uncompressed, another codec, cropped, too large): then it is decoded here.
   */
  compressed(imageWidth: number, imageHeight: number): CompressedFrameRect | undefined {
    const { bitmap } = this;
    if (!bitmap.isCompress || (bitmap.bitsPerPixel !== 16 && bitmap.bitsPerPixel !== 24)) return undefined;
    if (bitmap.width * bitmap.height > MAX_COMPRESSED_BITMAP_PIXELS) return undefined;
    if (this.x + this.width > imageWidth || this.y + this.height > imageHeight) return undefined;
    return {
      x: this.x,
      y: this.y,
      width: this.width,
      height: this.height,
      bitmapWidth: bitmap.width,
      bitmapHeight: bitmap.height,
      bitsPerPixel: bitmap.bitsPerPixel,
      data: bitmap.data,
    };
  }
}
