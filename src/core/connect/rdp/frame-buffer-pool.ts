/**
 * The buffers desktop frame messages are built in, reused once the UI has acknowledged them.
 * A sent message stays referenced until the UI has it (a WebSocket write queues the buffer
 * itself, not a copy), so a buffer comes back only when acknowledgements cover its whole message,
 * in the order messages went out. Without reuse, every message was a fresh zero-filled buffer of
 * up to a screen (~3 MiB at 1024×768) and most of the process's CPU went to collecting them.
 */
export class FrameBufferPool {
  private free: ArrayBuffer[] = [];
  /** Byte lengths of the messages sent and not yet acknowledged, oldest first, with their buffers. */
  private inFlight: { buffer: ArrayBuffer; bytes: number }[] = [];
  private inFlightHead = 0;
  /** Acknowledged bytes not yet matched to a whole message. */
  private credit = 0;

  /**
   * @param maxFree buffers kept for reuse at most (the largest ones); more are left to the collector.
   * @param granule buffer sizes are rounded up to a multiple of this, so messages of slightly
   *   different sizes share buffers.
   */
  constructor(
    private readonly maxFree = 4,
    private readonly granule = 64 * 1024,
  ) {}

  /** A view of `bytes` bytes on a buffer nobody else holds; its contents are stale, not zeroed. */
  take(bytes: number): Uint8Array {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const size = this.free[i]!.byteLength;
      if (size >= bytes && (best < 0 || size < this.free[best]!.byteLength)) best = i;
    }
    const buffer = best >= 0 ? this.free.splice(best, 1)[0]! : new ArrayBuffer(Math.ceil(bytes / this.granule) * this.granule);
    return new Uint8Array(buffer, 0, bytes);
  }

  /** `message` (from take) went to the UI: its buffer is the UI's until acknowledged. */
  sent(message: Uint8Array): void {
    this.inFlight.push({ buffer: message.buffer as ArrayBuffer, bytes: message.byteLength });
  }

  /** The UI acknowledged `bytes` more bytes: the buffers of the messages they cover are free again. */
  acknowledged(bytes: number): void {
    this.credit += Math.max(0, bytes);
    while (this.inFlightHead < this.inFlight.length && this.inFlight[this.inFlightHead]!.bytes <= this.credit) {
      const { buffer, bytes: length } = this.inFlight[this.inFlightHead++]!;
      this.credit -= length;
      this.release(buffer);
    }
    if (this.inFlightHead === this.inFlight.length) {
      this.inFlight = [];
      this.inFlightHead = 0;
      this.credit = 0; // more acknowledged than sent: nothing left to match it to
    } else if (this.inFlightHead > 64) {
      this.inFlight = this.inFlight.slice(this.inFlightHead);
      this.inFlightHead = 0;
    }
  }

  /**
   * The stream went away without acknowledging: its messages may still sit in its socket's
   * queue, so their buffers are never reused (the collector takes them).
   */
  forgetInFlight(): void {
    this.inFlight = [];
    this.inFlightHead = 0;
    this.credit = 0;
  }

  /** Messages sent and not yet acknowledged. */
  get messagesInFlight(): number {
    return this.inFlight.length - this.inFlightHead;
  }

  /** Buffers waiting to be reused. */
  get freeBuffers(): number {
    return this.free.length;
  }

  private release(buffer: ArrayBuffer): void {
    this.free.push(buffer);
    if (this.free.length <= this.maxFree) return;
    let smallest = 0;
    for (let i = 1; i < this.free.length; i++) if (this.free[i]!.byteLength < this.free[smallest]!.byteLength) smallest = i;
    this.free.splice(smallest, 1);
  }
}
