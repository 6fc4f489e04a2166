/**
 * The UI's half of stream flow control: counts bytes the consumer finished with (xterm's write
 * callback) and sends them to the app as acknowledgements — at once past `maxPending` bytes, else
 * batched within `delayMs`, so a flood of small writes costs a few messages, not thousands, while
 * the app never waits long for its window to reopen.
 */
export interface AckBatcherOptions {
  readonly send: (bytes: number) => void;
  /** Acknowledge at once when this many bytes are waiting (keep it well below the app's high watermark). */
  readonly maxPending?: number;
  readonly delayMs?: number;
  readonly schedule?: (run: () => void, ms: number) => unknown;
  readonly cancel?: (handle: unknown) => void;
}

export class AckBatcher {
  private pending = 0;
  private handle: unknown;
  private acked = 0;
  private readonly maxPending: number;
  private readonly delayMs: number;
  private readonly schedule: (run: () => void, ms: number) => unknown;
  private readonly cancel: (handle: unknown) => void;

  constructor(private readonly options: AckBatcherOptions) {
    this.maxPending = options.maxPending ?? 128 * 1024;
    this.delayMs = options.delayMs ?? 5;
    this.schedule = options.schedule ?? ((run, ms) => setTimeout(run, ms));
    this.cancel = options.cancel ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  /** The consumer finished with `bytes` more bytes. */
  consumed(bytes: number): void {
    if (bytes <= 0) return;
    this.pending += bytes;
    if (this.pending >= this.maxPending) this.flush();
    else this.handle ??= this.schedule(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.handle !== undefined) this.cancel(this.handle);
    this.handle = undefined;
    if (this.pending === 0) return;
    const bytes = this.pending;
    this.pending = 0;
    this.acked += bytes;
    this.options.send(bytes);
  }

  /** A new stream starts counting from zero: whatever was waiting belongs to the old one. */
  reset(): void {
    if (this.handle !== undefined) this.cancel(this.handle);
    this.handle = undefined;
    this.pending = 0;
  }

  get totalAcked(): number {
    return this.acked;
  }
}
