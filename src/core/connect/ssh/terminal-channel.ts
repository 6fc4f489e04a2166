import type { Duplex, Readable } from 'node:stream';

/** The part of ssh2's ClientChannel a terminal needs (a PTY shell channel). */
export type TerminalStream = Duplex & {
  setWindow(rows: number, cols: number, height: number, width: number): void;
  readonly stderr?: Readable;
};

/** Receives output; must later call `ack(n)` once the terminal has consumed those n bytes. */
export type TerminalSink = (data: Buffer) => void;

export interface TerminalChannelOptions {
  /** Pause the SSH stream when this many bytes are delivered or pending but not acknowledged. */
  readonly highWatermark?: number;
  /** Resume once the unacknowledged bytes drop to this. */
  readonly lowWatermark?: number;
  /** While output streams, deliver it at most this often… */
  readonly batchMs?: number;
  /** …or as soon as this much is pending. */
  readonly batchBytes?: number;
  /**
   * Output counts as streaming once more than this arrived within one batch interval; below it
   * (typing, echo, a prompt) every chunk goes out at once.
   */
  readonly burstBytes?: number;
  /** Input or output happened (the idle-suspend dead-man's switch); called at most once per `activityThrottleMs`. */
  readonly onActivity?: () => void;
  readonly activityThrottleMs?: number;
  /**
   * At least `streamIdleBytes` of output came, then none for `streamIdleMs`, and the sink has
   * acknowledged all of it: a stream ended, the moment to give back the memory it went through
   * (glibc keeps freed blocks resident; see freed-memory.ts).
   */
  readonly onStreamIdle?: () => void;
  readonly streamIdleBytes?: number;
  readonly streamIdleMs?: number;
  readonly now?: () => number;
}

export interface TerminalFlowStats {
  readonly bytesReceived: number;
  readonly bytesDelivered: number;
  readonly deliveries: number;
  readonly unacked: number;
  readonly maxUnacked: number;
  readonly pauses: number;
  readonly paused: boolean;
}

const DEFAULTS = {
  highWatermark: 1024 * 1024,
  lowWatermark: 256 * 1024,
  batchMs: 16,
  // A batch is at most this plus one SSH packet (32 KiB): under glibc's 128 KiB mmap threshold. A
  // larger block, once freed, raises the threshold, and from then on every batch is carved from the
  // main heap, which keeps what a flood took (the memory bench in docs/operators.md).
  batchBytes: 96 * 1024,
  burstBytes: 16 * 1024,
  activityThrottleMs: 5000,
  streamIdleBytes: 1024 * 1024,
  // Short enough to come before a learner's next command, long enough to span flow-control pauses.
  streamIdleMs: 1000,
};

/**
 * A PTY shell with flow control end to end. Output goes to the sink at once while the channel is
 * quiet — typing, echo, a prompt: a few bytes per interval — so echo stays instant even for fast
 * typists, and the first output after input always goes at once (an echo right after a burst does
 * not wait for the batch); once more than `burstBytes` arrive within one interval it is streaming,
 * and output is coalesced (~16 ms / 96 KiB; Hyper gathers ~16 ms / 200 KB), so a flood becomes a
 * few large messages instead of thousands of small ones. Every byte counts as
 * unacknowledged until the sink acks it (xterm's write callback); past the high watermark the SSH
 * stream is paused, which stops ssh2 from widening the channel window, so the server stops
 * sending — nothing piles up in memory and nothing is dropped.
 */
export class TerminalChannel {
  private readonly options: Required<Omit<TerminalChannelOptions, 'onActivity' | 'onStreamIdle'>> &
    Pick<TerminalChannelOptions, 'onActivity' | 'onStreamIdle'>;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private streamBytes = 0;
  private streamIdleTimer: NodeJS.Timeout | undefined;
  private streamAwaitsAcks = false;
  private windowStart = -Infinity;
  private windowBytes = 0;
  /** Input went to the shell since output last arrived: the next output is most likely its echo. */
  private inputSinceOutput = false;
  private lastActivityAt = -Infinity;
  private unacked = 0;
  private paused = false;
  private closed = false;
  private exitCode: number | undefined;
  private readonly stats = { bytesReceived: 0, bytesDelivered: 0, deliveries: 0, maxUnacked: 0, pauses: 0 };
  private readonly closeListeners = new Set<(exitCode: number | undefined) => void>();

  constructor(
    private readonly stream: TerminalStream,
    private readonly sink: TerminalSink,
    options: TerminalChannelOptions = {},
  ) {
    this.options = { ...DEFAULTS, now: () => performance.now(), ...options };
    if (this.options.lowWatermark >= this.options.highWatermark) {
      throw new RangeError(`lowWatermark (${this.options.lowWatermark}) must be below highWatermark (${this.options.highWatermark})`);
    }
    const onData = (chunk: Buffer): void => this.receive(chunk);
    stream.on('data', onData);
    // A PTY merges stderr into its output; keep whatever a server still sends separately.
    stream.stderr?.on('data', onData);
    stream.on('exit', (code: unknown) => {
      if (typeof code === 'number') this.exitCode = code;
    });
    stream.on('close', () => this.finish());
    stream.on('error', () => this.finish());
  }

  /** Keystrokes and pastes go straight to the shell. */
  write(input: string | Buffer): void {
    if (this.closed) return;
    this.stream.write(input);
    this.inputSinceOutput = true;
    this.activity();
  }

  /** The sink consumed `bytes` bytes of what it was given. */
  ack(bytes: number): void {
    this.unacked = Math.max(0, this.unacked - bytes);
    if (this.streamAwaitsAcks && this.unacked === 0) this.streamEnded();
    if (this.paused && this.unacked <= this.options.lowWatermark) {
      this.paused = false;
      this.stream.resume();
    }
  }

  /**
   * The consumer lost what it had not acknowledged (a reloaded renderer): start counting afresh,
   * or the stream would stay paused for ever.
   */
  resetAcks(): void {
    this.ack(this.unacked);
  }

  resize(cols: number, rows: number): void {
    if (!this.closed) this.stream.setWindow(rows, cols, 0, 0);
  }

  onClose(listener: (exitCode: number | undefined) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    this.stream.end();
  }

  flowStats(): TerminalFlowStats {
    return { ...this.stats, unacked: this.unacked, paused: this.paused };
  }

  private receive(chunk: Buffer): void {
    this.stats.bytesReceived += chunk.length;
    this.unacked += chunk.length;
    if (this.unacked > this.stats.maxUnacked) this.stats.maxUnacked = this.unacked;
    if (!this.paused && this.unacked >= this.options.highWatermark) {
      this.paused = true;
      this.stats.pauses += 1;
      this.stream.pause();
    }
    this.activity();
    this.streamed(chunk.length);
    const now = this.options.now();
    if (now - this.windowStart >= this.options.batchMs) {
      this.windowStart = now;
      this.windowBytes = 0;
    }
    this.windowBytes += chunk.length;
    // The first output after a keystroke goes out at once, with whatever a burst left waiting
    // before it: an echo must not wait out a batch interval meant for floods. A flood nobody types
    // into is still coalesced, and one typed into gains a single early delivery per key.
    const answersInput = this.inputSinceOutput;
    this.inputSinceOutput = false;
    if (this.pendingBytes === 0 && (answersInput || this.windowBytes <= this.options.burstBytes)) {
      this.deliver(chunk);
      return;
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (answersInput || this.pendingBytes >= this.options.batchBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.batchMs);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.deliver(data);
  }

  private deliver(data: Buffer): void {
    this.stats.bytesDelivered += data.length;
    this.stats.deliveries += 1;
    this.sink(data);
  }

  /** Restarts the quiet countdown once a stream's worth of output came: one timer, refreshed per chunk. */
  private streamed(bytes: number): void {
    if (!this.options.onStreamIdle) return;
    this.streamBytes += bytes;
    this.streamAwaitsAcks = false;
    if (this.streamBytes < this.options.streamIdleBytes) return;
    if (this.streamIdleTimer) {
      this.streamIdleTimer.refresh();
      return;
    }
    this.streamIdleTimer = setTimeout(() => this.streamWentQuiet(), this.options.streamIdleMs);
    // Never what keeps the process alive (it also fires after the channel closed: memory is given back then too).
    this.streamIdleTimer.unref();
  }

  private streamWentQuiet(): void {
    this.streamIdleTimer = undefined;
    // The terminal is still drawing what it was sent (xterm parses slower than SSH delivers): the
    // socket's buffers that carried it are freed as it drains, so wait for the last acknowledgement.
    if (this.unacked > 0) this.streamAwaitsAcks = true;
    else this.streamEnded();
  }

  private streamEnded(): void {
    this.streamAwaitsAcks = false;
    this.streamBytes = 0;
    this.options.onStreamIdle?.();
  }

  private activity(): void {
    const now = this.options.now();
    if (now - this.lastActivityAt < this.options.activityThrottleMs) return;
    this.lastActivityAt = now;
    this.options.onActivity?.();
  }

  private finish(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    for (const listener of this.closeListeners) listener(this.exitCode);
    this.closeListeners.clear();
  }
}
