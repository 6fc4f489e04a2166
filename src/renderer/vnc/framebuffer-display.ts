import type RFB from '@novnc/novnc';

/** The members of noVNC's Display (core/display.js, 1.7) this file reads or overrides. */
export interface NoVncDisplay {
  _fbWidth: number;
  _fbHeight: number;
  _prevDrawStyle: string;
  readonly _renderQ: readonly unknown[];
  readonly _viewportLoc: { x: number; y: number; w: number; h: number };
  readonly _damageBounds: { left: number; top: number; right: number; bottom: number };
  readonly _targetCtx: CanvasRenderingContext2D;
  readonly _backbuffer: HTMLCanvasElement;
  readonly _drawCtx: CanvasRenderingContext2D;
  _damage(x: number, y: number, width: number, height: number): void;
  viewportChangeSize(width?: number, height?: number): void;
  viewportChangePos(deltaX: number, deltaY: number): void;
  flip(fromQueue?: boolean): void;
  fillRect(x: number, y: number, width: number, height: number, color: ArrayLike<number>, fromQueue?: boolean): void;
  copyImage(oldX: number, oldY: number, newX: number, newY: number, width: number, height: number, fromQueue?: boolean): void;
  blitImage(x: number, y: number, width: number, height: number, arr: Uint8Array, offset: number, fromQueue?: boolean): void;
  drawImage(image: CanvasImageSource & { width: number; height: number }, ...args: number[]): void;
  resize(width: number, height: number): void;
  getImageData(): ImageData;
  toDataURL(type?: string, quality?: number): string;
  toBlob(callback: BlobCallback, type?: string, quality?: number): void;
}

export type DisplayConstructor = new (target: HTMLCanvasElement) => NoVncDisplay;

/** A rectangle of the framebuffer, already clipped to it. */
interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** `x, y, width, height` cut to a `fbWidth × fbHeight` framebuffer; undefined when nothing is left. */
export function clipToFramebuffer(
  x: number,
  y: number,
  width: number,
  height: number,
  fbWidth: number,
  fbHeight: number,
): Area | undefined {
  const left = Math.max(0, x);
  const top = Math.max(0, y);
  const right = Math.min(fbWidth, x + width);
  const bottom = Math.min(fbHeight, y + height);
  return right > left && bottom > top ? { x: left, y: top, width: right - left, height: bottom - top } : undefined;
}

/**
 * A CopyRect's source and destination cut as a canvas cuts drawImage: the source to the
 * framebuffer first, then the destination, each cut moving the other by the same amount.
 */
export function clipCopy(
  fromX: number,
  fromY: number,
  toX: number,
  toY: number,
  width: number,
  height: number,
  fbWidth: number,
  fbHeight: number,
): { fromX: number; fromY: number; to: Area } | undefined {
  const source = clipToFramebuffer(fromX, fromY, width, height, fbWidth, fbHeight);
  if (!source) return undefined;
  const shiftedX = toX + (source.x - fromX);
  const shiftedY = toY + (source.y - fromY);
  const to = clipToFramebuffer(shiftedX, shiftedY, source.width, source.height, fbWidth, fbHeight);
  if (!to) return undefined;
  return { fromX: source.x + (to.x - shiftedX), fromY: source.y + (to.y - shiftedY), to };
}

/** One RGBA pixel as the 32-bit word that holds it in memory, whatever the machine's byte order. */
function pixelWord(red: number, green: number, blue: number): number {
  const bytes = new Uint8Array([red, green, blue, 255]);
  return new Uint32Array(bytes.buffer)[0]!;
}

const subclasses = new WeakMap<DisplayConstructor, DisplayConstructor>();

/**
 * noVNC's Display drawing into a framebuffer this page owns (plain bytes) instead of its hidden
 * canvas. Why: a CopyRect (every scroll of a remote terminal) is, in noVNC, its canvas drawn
 * onto itself, which Chromium's software canvas does by snapshotting the whole canvas first —
 * and every later write after a flip copies the canvas again; here a scroll is one memmove of
 * the rows that moved. The visible canvas gets only the damaged rectangle (putImageData), once
 * per animation frame however many updates arrived in it, and nothing while the page is hidden.
 * The render queue (images that still decode) works as in noVNC: its entries call back in here.
 */
export function framebufferDisplay(Base: DisplayConstructor): DisplayConstructor {
  const known = subclasses.get(Base);
  if (known) return known;
  class FramebufferDisplay extends Base {
    private bytes = new Uint8Array(0);
    private words = new Uint32Array(0);
    private image: ImageData | undefined;
    private showScheduled = false;

    override resize(width: number, height: number): void {
      this._prevDrawStyle = '';
      if (width !== this._fbWidth || height !== this._fbHeight) this.reallocate(width, height);
      this._fbWidth = width;
      this._fbHeight = height;
      // As noVNC: the viewport may now be the wrong size or in the wrong place.
      const vp = this._viewportLoc;
      this.viewportChangeSize(vp.w, vp.h);
      this.viewportChangePos(0, 0);
    }

    override fillRect(x: number, y: number, width: number, height: number, color: ArrayLike<number>, fromQueue?: boolean): void {
      if (this._renderQ.length !== 0 && !fromQueue) return super.fillRect(x, y, width, height, color, fromQueue);
      const area = clipToFramebuffer(x, y, width, height, this._fbWidth, this._fbHeight);
      if (!area) return;
      const word = pixelWord(color[0] ?? 0, color[1] ?? 0, color[2] ?? 0);
      for (let row = area.y; row < area.y + area.height; row++) {
        const start = row * this._fbWidth + area.x;
        this.words.fill(word, start, start + area.width);
      }
      this._damage(area.x, area.y, area.width, area.height);
    }

    override copyImage(oldX: number, oldY: number, newX: number, newY: number, width: number, height: number, fromQueue?: boolean): void {
      if (this._renderQ.length !== 0 && !fromQueue) return super.copyImage(oldX, oldY, newX, newY, width, height, fromQueue);
      const copy = clipCopy(oldX, oldY, newX, newY, width, height, this._fbWidth, this._fbHeight);
      if (!copy) return;
      const { fromX, fromY, to } = copy;
      const stride = this._fbWidth;
      if (to.width === stride) {
        // Whole rows (a scroll): one move, overlap handled by copyWithin.
        this.words.copyWithin(to.y * stride, fromY * stride, (fromY + to.height) * stride);
      } else {
        // Row by row, in the order that reads each source row before it is overwritten.
        const down = to.y > fromY;
        for (let i = 0; i < to.height; i++) {
          const row = down ? to.height - 1 - i : i;
          const from = (fromY + row) * stride + fromX;
          this.words.copyWithin((to.y + row) * stride + to.x, from, from + to.width);
        }
      }
      this._damage(to.x, to.y, to.width, to.height);
    }

    override blitImage(x: number, y: number, width: number, height: number, arr: Uint8Array, offset: number, fromQueue?: boolean): void {
      if (this._renderQ.length !== 0 && !fromQueue) return super.blitImage(x, y, width, height, arr, offset, fromQueue);
      this.put(new Uint8Array(arr.buffer, arr.byteOffset + offset, width * height * 4), x, y, width, height);
    }

    override drawImage(image: CanvasImageSource & { width: number; height: number }, ...args: number[]): void {
      // Decoded JPEG/PNG rectangles and video frames: drawn on the spare canvas, read back, put in.
      const [x, y, width, height] =
        args.length <= 4 ? [args[0]!, args[1]!, image.width, image.height] : [args[4]!, args[5]!, args[2]!, args[3]!];
      if (width <= 0 || height <= 0) return;
      const scratch = this._backbuffer;
      if (scratch.width !== width || scratch.height !== height) {
        scratch.width = width;
        scratch.height = height;
      } else this._drawCtx.clearRect(0, 0, width, height);
      if (args.length <= 4) this._drawCtx.drawImage(image, 0, 0);
      else this._drawCtx.drawImage(image, args[0]!, args[1]!, width, height, 0, 0, width, height);
      this.put(this._drawCtx.getImageData(0, 0, width, height).data, x, y, width, height);
    }

    override flip(fromQueue?: boolean): void {
      if (this._renderQ.length !== 0 && !fromQueue) return super.flip(fromQueue);
      if (this.showScheduled) return;
      this.showScheduled = true;
      requestAnimationFrame(() => {
        this.showScheduled = false;
        this.show();
      });
    }

    override getImageData(): ImageData {
      const size = this._fbWidth * this._fbHeight * 4;
      return new ImageData(
        new Uint8ClampedArray(this.bytes.slice(0, size).buffer),
        Math.max(1, this._fbWidth),
        Math.max(1, this._fbHeight),
      );
    }

    override toDataURL(type?: string, quality?: number): string {
      this.paintSpareCanvas();
      return this._backbuffer.toDataURL(type, quality);
    }

    override toBlob(callback: BlobCallback, type?: string, quality?: number): void {
      this.paintSpareCanvas();
      this._backbuffer.toBlob(callback, type, quality);
    }

    /** A new framebuffer of `width × height` keeping what the old one showed where both overlap (a canvas resize would clear it; noVNC keeps it). */
    private reallocate(width: number, height: number): void {
      const bytes = new Uint8Array(width * height * 4);
      const kept = Math.min(width, this._fbWidth) * 4;
      for (let row = 0; row < Math.min(height, this._fbHeight); row++) {
        const from = row * this._fbWidth * 4;
        bytes.set(this.bytes.subarray(from, from + kept), row * width * 4);
      }
      this.bytes = bytes;
      this.words = new Uint32Array(bytes.buffer);
      this.image = width > 0 && height > 0 ? new ImageData(new Uint8ClampedArray(bytes.buffer), width, height) : undefined;
    }

    /** RGBA rows of `width × height` at `x, y`, cut to the framebuffer. */
    private put(
      source: ArrayLike<number> & { subarray(start: number, end: number): ArrayLike<number> },
      x: number,
      y: number,
      width: number,
      height: number,
    ): void {
      const area = clipToFramebuffer(x, y, width, height, this._fbWidth, this._fbHeight);
      if (!area) return;
      const rowBytes = area.width * 4;
      if (area.width === width && area.width === this._fbWidth) {
        const from = (area.y - y) * width * 4;
        this.bytes.set(source.subarray(from, from + rowBytes * area.height), area.y * rowBytes);
      } else {
        for (let row = 0; row < area.height; row++) {
          const from = ((area.y - y + row) * width + (area.x - x)) * 4;
          this.bytes.set(source.subarray(from, from + rowBytes), ((area.y + row) * this._fbWidth + area.x) * 4);
        }
      }
      this._damage(area.x, area.y, area.width, area.height);
    }

    /** The damaged part of the framebuffer onto the visible canvas. */
    private show(): void {
      const vp = this._viewportLoc;
      const damage = this._damageBounds;
      const left = Math.max(damage.left, vp.x);
      const top = Math.max(damage.top, vp.y);
      const right = Math.min(damage.right, vp.x + vp.w, this._fbWidth);
      const bottom = Math.min(damage.bottom, vp.y + vp.h, this._fbHeight);
      if (this.image && right > left && bottom > top) {
        this._targetCtx.putImageData(this.image, -vp.x, -vp.y, left, top, right - left, bottom - top);
      }
      damage.left = damage.top = 65535;
      damage.right = damage.bottom = 0;
    }

    private paintSpareCanvas(): void {
      const scratch = this._backbuffer;
      scratch.width = this._fbWidth;
      scratch.height = this._fbHeight;
      if (this.image) this._drawCtx.putImageData(this.image, 0, 0);
    }
  }
  subclasses.set(Base, FramebufferDisplay);
  return FramebufferDisplay;
}

/**
 * Has `rfb` draw through a framebuffer of its own (above) from now on; call it right after
 * `new RFB`, before any server bytes. A noVNC without the members this relies on keeps its own
 * display.
 */
export function drawThroughFramebuffer(rfb: RFB): void {
  const internals = rfb as unknown as { _display?: NoVncDisplay; _canvas?: HTMLCanvasElement };
  const display = internals._display;
  const canvas = internals._canvas;
  if (!display || !canvas || !('_damageBounds' in display) || !('_renderQ' in display)) return;
  const Display = framebufferDisplay(display.constructor as DisplayConstructor);
  internals._display = new Display(canvas);
}
