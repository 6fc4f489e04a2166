import { decodeFrame, FrameFormatError, type DecodedFrame } from '../../shared/rdp/desktop-frame';
import type { RdpInputEvent } from '../../shared/rdp/rdp-events';
import { MAX_DESKTOP_EVENTS } from '../../shared/stream';
import type { LiveStream, StreamOpener } from '../api/live-stream';

/** Where frames are drawn: a canvas in the app, a recorder in tests. */
export interface FrameSink {
  draw(frame: DecodedFrame): void;
}

export interface DesktopLinkOptions {
  readonly sessionId: string;
  readonly openStream: StreamOpener;
  readonly sink: FrameSink;
  /** When to acknowledge what was drawn; the next animation frame by default, so a hidden or busy page slows the app down. */
  readonly afterPaint?: (run: () => void) => void;
  readonly onEnded?: (reason: string) => void;
  readonly reattachDelayMs?: (attempt: number) => number;
}

/**
 * Binds one desktop session's stream to a canvas: each message is drawn at once and acknowledged
 * after the next paint, so the app sends no more than the page shows (it merges what it holds back).
 * Input goes up in order; pointer moves are merged to one per message by the caller. If the
 * transport drops (browser mode's socket), it attaches again to the same session.
 */
export class DesktopLink {
  private stream: LiveStream | undefined;
  private generation = 0;
  private attempts = 0;
  private ended = false;
  private disposed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pendingAck = 0;
  private ackScheduled = false;
  private drawn = 0;

  constructor(private readonly options: DesktopLinkOptions) {
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

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.stream?.close();
    this.stream = undefined;
  }

  private acknowledge(bytes: number, generation: number): void {
    this.pendingAck += bytes;
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    const schedule = this.options.afterPaint ?? ((run: () => void) => requestAnimationFrame(() => run()));
    schedule(() => {
      this.ackScheduled = false;
      const acked = this.pendingAck;
      this.pendingAck = 0;
      if (acked > 0 && generation === this.generation) this.stream?.send({ t: 'ack', bytes: acked });
    });
  }

  private attach(): void {
    const generation = ++this.generation;
    this.pendingAck = 0;
    this.stream = this.options.openStream(this.options.sessionId, {
      onData: (bytes) => {
        if (generation !== this.generation) return;
        try {
          this.options.sink.draw(decodeFrame(bytes));
          this.drawn += 1;
        } catch (error) {
          if (!(error instanceof FrameFormatError)) throw error;
          console.warn(`Lab Console: desktop frame skipped: ${error.message}`);
        }
        this.acknowledge(bytes.byteLength, generation);
      },
      onControl: (message) => {
        if (generation !== this.generation) return;
        if (message.t === 'ready') this.attempts = 0;
        else {
          this.ended = true;
          this.options.onEnded?.(message.reason);
        }
      },
      onClose: () => {
        if (generation !== this.generation || this.disposed || this.ended) return;
        this.stream = undefined;
        this.attempts += 1;
        const delay = this.options.reattachDelayMs?.(this.attempts) ?? Math.min(5000, 250 * 2 ** (this.attempts - 1));
        this.timer = setTimeout(() => this.attach(), delay);
      },
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
