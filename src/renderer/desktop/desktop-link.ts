import { decodeFrame, FrameFormatError, type DecodedFrame } from '../../shared/rdp/desktop-frame';
import type { RdpInputEvent } from '../../shared/rdp/rdp-events';
import { MAX_DESKTOP_EVENTS } from '../../shared/rdp/desktop-session';
import { ReattachingLink, type ReattachingLinkOptions } from '../api/reattaching-link';
import { AckAfterPaint } from '../session/ack-after-paint';

/** Where frames are drawn: a canvas in the app, a recorder in tests. */
export interface FrameSink {
  draw(frame: DecodedFrame): void;
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
  }

  protected received(bytes: Uint8Array, generation: number): void {
    try {
      this.options.sink.draw(decodeFrame(bytes));
      this.drawn += 1;
    } catch (error) {
      if (!(error instanceof FrameFormatError)) throw error;
      console.warn(`Lab Console: desktop frame skipped: ${error.message}`);
    }
    this.acks.add(bytes.byteLength, (acked) => {
      if (generation === this.generation) this.stream?.send({ t: 'ack', bytes: acked });
    });
  }
}

/** Draws frames on a canvas, resizing it (which clears it) when the desktop size changes. */
export function canvasSink(canvas: HTMLCanvasElement, onSize: (width: number, height: number) => void): FrameSink {
  const context = canvas.getContext('2d', { alpha: false });
  return {
    draw(frame) {
      if (!context) return;
      if (canvas.width !== frame.desktopWidth || canvas.height !== frame.desktopHeight) {
        canvas.width = frame.desktopWidth;
        canvas.height = frame.desktopHeight;
        onSize(frame.desktopWidth, frame.desktopHeight);
      }
      for (const r of frame.rects) {
        // ImageData needs its own Uint8ClampedArray; a view into the message is one, no copy.
        context.putImageData(new ImageData(r.rgba as Uint8ClampedArray<ArrayBuffer>, r.width, r.height), r.x, r.y);
      }
    },
  };
}
