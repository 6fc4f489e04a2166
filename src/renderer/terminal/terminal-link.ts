import { AckBatcher } from '../../shared/stream';
import { ReattachingLink, type ReattachingLinkOptions } from '../api/reattaching-link';

/** The part of xterm's Terminal the link writes to. */
export interface TerminalWriter {
  write(data: Uint8Array | string, callback?: () => void): void;
}

export interface TerminalLinkOptions extends ReattachingLinkOptions {
  readonly terminal: TerminalWriter;
}

/** ECMA-48 RIS: xterm clears its screen and scrollback, in order with what was written before it. */
const FULL_RESET = '\x1bc';

/**
 * Binds one terminal session's stream to an xterm: output is written with a callback and
 * acknowledged only once xterm has parsed it, so the app pauses the SSH channel whenever the
 * renderer falls behind (xterm would otherwise drop data: "write data discarded"). A stream that
 * attaches is sent the session's kept output first (`ready` says how much): xterm starts again
 * from a clean screen, so that a reattached stream does not show it twice.
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

  protected override ready(message: { replay?: number }): void {
    if (message.replay !== undefined) this.options.terminal.write(FULL_RESET);
  }

  protected received(bytes: Uint8Array, generation: number): void {
    this.options.terminal.write(bytes, () => {
      this.written += bytes.length;
      if (generation === this.generation) this.acks.consumed(bytes.length);
    });
  }
}
