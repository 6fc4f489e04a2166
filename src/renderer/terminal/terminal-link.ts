import { AckBatcher } from '../../shared/stream';
import type { LiveStream, StreamOpener } from '../api/live-stream';

/** The part of xterm's Terminal the link writes to. */
export interface TerminalWriter {
  write(data: Uint8Array | string, callback?: () => void): void;
}

export interface TerminalLinkOptions {
  readonly sessionId: string;
  readonly openStream: StreamOpener;
  readonly terminal: TerminalWriter;
  /** Output or input happened (throttle it: it runs per chunk). */
  readonly onActivity?: () => void;
  /** The app ended the session's stream for good (closed, replaced by another window). */
  readonly onEnded?: (reason: string) => void;
  readonly reattachDelayMs?: (attempt: number) => number;
}

/**
 * Binds one terminal session's stream to an xterm: output is written with a callback and
 * acknowledged only once xterm has parsed it, so the app pauses the SSH channel whenever the
 * renderer falls behind (xterm would otherwise drop data: "write data discarded"). If the
 * stream's transport drops (browser mode's socket), it attaches again to the same session.
 */
export class TerminalLink {
  private stream: LiveStream | undefined;
  /** Bumped per attached stream: write callbacks of an old stream must not ack on a new one. */
  private generation = 0;
  private attempts = 0;
  private ended = false;
  private disposed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly acks: AckBatcher;
  private written = 0;

  constructor(private readonly options: TerminalLinkOptions) {
    this.acks = new AckBatcher({ send: (bytes) => this.stream?.send({ t: 'ack', bytes }) });
    this.attach();
  }

  /** Keystrokes, pastes and "Run in terminal" commands. */
  input(text: string): void {
    if (!text || this.ended) return;
    this.stream?.send({ t: 'input', data: text });
    this.options.onActivity?.();
  }

  /** Bytes written to xterm so far (for tests and diagnostics). */
  get bytesWritten(): number {
    return this.written;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.acks.flush();
    this.stream?.close();
    this.stream = undefined;
  }

  private attach(): void {
    const generation = ++this.generation;
    this.acks.reset();
    this.stream = this.options.openStream(this.options.sessionId, {
      onData: (bytes) => {
        if (generation !== this.generation) return;
        this.options.onActivity?.();
        this.options.terminal.write(bytes, () => {
          this.written += bytes.length;
          if (generation === this.generation) this.acks.consumed(bytes.length);
        });
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
