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
 * a copy; one that reads `rgba` gets a fresh buffer, decoded on first read, as before.
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
  private decodedWhole = false;

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
    this.decodedWhole = false;
    try {
      const area = this.decoder.decodeIntoImage(this.bitmap, image, imageWidth, imageHeight);
      this.decodedWhole = area !== undefined && area.width === this.width && area.height === this.height;
      return area;
    } catch (error) {
      this.onError(error as Error);
      return imageArea(this.bitmap, imageWidth, imageHeight);
    }
  }

  /**
   * The bitmap as the server sent it, for a page that decodes it itself — only when the last
   * `drawInto` decoded it without error and whole (not cropped by the image), so the page's pixels
   * come out the same as the framebuffer's; undefined otherwise (uncompressed, broken, cropped).
   */
  compressed(): CompressedFrameRect | undefined {
    const { bitmap } = this;
    if (!this.decodedWhole || !bitmap.isCompress || (bitmap.bitsPerPixel !== 16 && bitmap.bitsPerPixel !== 24)) return undefined;
    if (bitmap.width * bitmap.height > MAX_COMPRESSED_BITMAP_PIXELS) return undefined;
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
