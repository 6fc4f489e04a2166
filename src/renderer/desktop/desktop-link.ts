import { FrameFormatError } from '../../shared/rdp/desktop-frame';
import { DesktopFramebuffer } from '../../shared/rdp/desktop-framebuffer';
import type { RdpInputEvent } from '../../shared/rdp/rdp-events';
import { MAX_DESKTOP_EVENTS } from '../../shared/rdp/desktop-session';
import { ReattachingLink, type ReattachingLinkOptions } from '../api/reattaching-link';
import { AckAfterPaint } from '../session/ack-after-paint';

/** Where frames are drawn: a canvas in the app, a recorder in tests. */
export interface FrameSink {
  /** One message as it came (desktop-frame.ts); throws FrameFormatError for one it cannot draw. */
  draw(message: Uint8Array): void;
}

export interface DesktopLinkOptions extends ReattachingLinkOptions {
  readonly sink: FrameSink;
  /** When to acknowledge what was drawn; the next animation frame by default, so a hidden or busy page slows the app down. */
  readonly afterPaint?: (run: () => void) => void;
}

/**
 * Binds one desktop session's stream to a canvas: each message is drawn at once and acknowledged
 * after the next paint, so the app sends no more than the page shows (it merges what it holds back).
 * Input goes up in order; pointer moves are merged to one per message by the caller.
 */
export class DesktopLink extends ReattachingLink {
  private readonly acks: AckAfterPaint;
  private drawn = 0;
  /** Sends an ack on the stream attached now; one per stream rather than a closure per message. */
  private sendAck: (acked: number) => void = () => undefined;

  constructor(private readonly options: DesktopLinkOptions) {
    super(options);
    this.acks = new AckAfterPaint(options.afterPaint);
    this.attach();
  }

  input(events: readonly RdpInputEvent[]): void {
    if (this.ended || events.length === 0) return;
    for (let i = 0; i < events.length; i += MAX_DESKTOP_EVENTS) {
      this.stream?.send({ t: 'desktop-input', events: events.slice(i, i + MAX_DESKTOP_EVENTS) });
    }
  }

  ctrlAltDel(): void {
    if (!this.ended) this.stream?.send({ t: 'desktop-action', action: 'ctrl-alt-del' });
  }

  releaseKeys(): void {
    if (!this.ended) this.stream?.send({ t: 'desktop-action', action: 'release-keys' });
  }

  /** Messages drawn so far (tests, diagnostics). */
  get framesDrawn(): number {
    return this.drawn;
  }

  protected reset(): void {
    this.acks.forget();
    const generation = this.generation;
    this.sendAck = (acked) => {
      if (generation === this.generation) this.stream?.send({ t: 'ack', bytes: acked });
    };
  }

  protected received(bytes: Uint8Array): void {
    try {
      this.options.sink.draw(bytes);
      this.drawn += 1;
    } catch (error) {
      if (!(error instanceof FrameFormatError)) throw error;
      console.warn(`Lab Console: desktop frame skipped: ${error.message}`);
    }
    this.acks.add(bytes.byteLength, this.sendAck);
  }
}

/**
 * Applies frames to the page's framebuffer as they come (compressed bitmaps are decoded there) and
 * puts only the changed areas on the canvas, once per animation frame, resizing the canvas (which
 * clears it) when the desktop size changes.
 */
export function canvasSink(
  canvas: HTMLCanvasElement,
  onSize: (width: number, height: number) => void,
  nextFrame: (run: () => void) => void = (run) => requestAnimationFrame(() => run()),
): FrameSink {
  // Desynchronized: each paint goes to the display compositor as a frame of its own, without a pass
  // through the page's compositor thread (measured in docs/operators.md › rdp-cpu).
  const context = canvas.getContext('2d', { alpha: false, desynchronized: true });
  const framebuffer = new DesktopFramebuffer();
  let image: ImageData | undefined;
  let scheduled = false;
  // One painter, not a closure per frame.
  const paint = (): void => {
    scheduled = false;
    const { desktopWidth: width, desktopHeight: height } = framebuffer;
    if (!context || width === 0 || height === 0) return;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
      onSize(width, height);
    }
    // The framebuffer's bytes are the ImageData's: no copy, only the dirty part is put.
    if (image?.data !== framebuffer.pixels) image = new ImageData(framebuffer.pixels as Uint8ClampedArray<ArrayBuffer>, width, height);
    for (const d of framebuffer.takeDamage()) context.putImageData(image, 0, 0, d.x, d.y, d.width, d.height);
  };
  return {
    draw(message) {
      try {
        framebuffer.applyMessage(message);
      } finally {
        if (!scheduled) {
          scheduled = true;
          nextFrame(paint);
        }
      }
    },
  };
}
