import { AckBatcher } from '../../shared/stream';
import { ReattachingLink, type ReattachingLinkOptions } from '../api/reattaching-link';

/** The part of xterm's Terminal the link writes to. */
export interface TerminalWriter {
  write(data: Uint8Array | string, callback?: () => void): void;
}

export interface TerminalLinkOptions extends ReattachingLinkOptions {
  readonly terminal: TerminalWriter;
  /** Output or input happened (throttle it: it runs per chunk). */
  readonly onActivity?: () => void;
}

/**
 * Binds one terminal session's stream to an xterm: output is written with a callback and
 * acknowledged only once xterm has parsed it, so the app pauses the SSH channel whenever the
 * renderer falls behind (xterm would otherwise drop data: "write data discarded").
 */
export class TerminalLink extends ReattachingLink {
  private readonly acks: AckBatcher;
  private written = 0;

  constructor(private readonly options: TerminalLinkOptions) {
    super(options);
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

  override dispose(): void {
    this.acks.flush();
    super.dispose();
  }

  protected reset(): void {
    this.acks.reset();
  }

  protected received(bytes: Uint8Array, generation: number): void {
    this.options.onActivity?.();
    this.options.terminal.write(bytes, () => {
      this.written += bytes.length;
      if (generation === this.generation) this.acks.consumed(bytes.length);
    });
  }
}
