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
}
