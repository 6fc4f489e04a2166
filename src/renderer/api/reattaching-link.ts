import type { StreamDown } from '../../shared/stream';
import type { LiveStream, StreamOpener } from './live-stream';

export interface ReattachingLinkOptions {
  readonly sessionId: string;
  readonly openStream: StreamOpener;
  /** The app ended the session's stream for good (closed, replaced by another window). */
  readonly onEnded?: (reason: string) => void;
  readonly reattachDelayMs?: (attempt: number) => number;
}

/**
 * One live session's stream (a terminal, a remote desktop) as the page holds it. If the
 * transport drops (browser mode's socket), it attaches again to the same session, backing off;
 * once the app says the session ended, it stays ended.
 */
export abstract class ReattachingLink {
  protected stream: LiveStream | undefined;
  /** Bumped per attached stream: callbacks of an old stream must not act on a new one. */
  protected generation = 0;
  protected ended = false;
  private attempts = 0;
  private disposed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly link: ReattachingLinkOptions) {}

  /** Output of the stream attached as `generation`. */
  protected abstract received(bytes: Uint8Array, generation: number): void;

  /** A new stream is about to attach: forget what was owed to the last one. */
  protected abstract reset(): void;

  /** The app attached the stream (`ready`); a terminal learns there whether its scrollback follows. */
  protected ready(_message: Extract<StreamDown, { t: 'ready' }>): void {}

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.stream?.close();
    this.stream = undefined;
  }

  /** Subclasses call this once their own fields are set. */
  protected attach(): void {
    const generation = ++this.generation;
    this.reset();
    this.stream = this.link.openStream(this.link.sessionId, {
      onData: (bytes) => {
        if (generation === this.generation) this.received(bytes, generation);
      },
      onControl: (message) => {
        if (generation !== this.generation) return;
        if (message.t === 'ready') {
          this.attempts = 0;
          this.ready(message);
        } else {
          this.ended = true;
          this.link.onEnded?.(message.reason);
        }
      },
      onClose: () => {
        if (generation !== this.generation || this.disposed || this.ended) return;
        this.stream = undefined;
        this.attempts += 1;
        const delay = this.link.reattachDelayMs?.(this.attempts) ?? Math.min(5000, 250 * 2 ** (this.attempts - 1));
        this.timer = setTimeout(() => this.attach(), delay);
      },
    });
  }
}
