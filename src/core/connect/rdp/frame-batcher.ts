import { COMPRESSED_RECT_HEADER_BYTES, encodeFrame, type CompressedFrameRect, type FrameRect } from '../../../shared/rdp/desktop-frame';
import { DirtyRegion } from '../../../shared/rdp/dirty-region';
import { FrameBufferPool } from './frame-buffer-pool';
import { PendingBitmaps, type DrawableRect } from './pending-bitmaps';

/** Forwarded bitmaps kept undecoded at most (besides their bytes): each holds a view of a TLS record (≤ 16 KiB). */
const MAX_UNDECODED_RECTS = 1024;

/** One decoded rectangle: top-down RGBA, `width × height × 4` bytes. */
export interface PaintRect extends FrameRect {
  readonly rgba: Uint8ClampedArray | Uint8Array;
  /**
   * Writes the rectangle straight into a framebuffer of canvas words (RGBA bytes as little-endian
   * words), cropped to it; returns the area written, undefined if none. When present, `rgba` is
   * never read: the rectangle is decoded at most once, in place (see connect/rdp/deferred-rect.ts).
   */
  drawInto?(framebuffer: Int32Array, width: number, height: number): FrameRect | undefined;
  /**
   * The rectangle as the server compressed it, when a page decoding it into a framebuffer of this
   * size gets the pixels `drawInto` would write (connect/rdp/deferred-rect.ts); then it is
   * forwarded as it came, and `drawInto` runs only when the app's own copy is read.
   */
  compressed?(width: number, height: number): CompressedFrameRect | undefined;
}

export interface FrameBatcherOptions {
  /**
   * Hands one encoded message to the attached stream. Its buffer is reused for a later message
   * once acknowledged: the stream may hold it until then (a socket's write queue), not after.
   */
  readonly send: (frame: Uint8Array) => void;
  /** Unacknowledged bytes above which nothing more is sent until the UI catches up. Default 3 MiB. */
  readonly windowBytes?: number;
  /**
   * Compressed bytes held for the next message above which they are dropped for the RGBA of their
   * area (bounded memory when messages cannot go out). Default a quarter of the window.
   */
  readonly compressedBudgetBytes?: number;
  /**
   * Compressed bytes of forwarded bitmaps kept undecoded in the app's framebuffer above which those
   * later ones cover are forgotten, and the rest decoded there if they still take over half of it
   * (bounded memory while the page keeps up). Default 4 MiB.
   */
  readonly undecodedBudgetBytes?: number;
  /** At most one message per this many ms while the screen keeps changing (one per display frame). Default 16. */
  readonly intervalMs?: number;
  readonly maxRects?: number;
  readonly now?: () => number;
  readonly schedule?: (run: () => void, ms: number) => unknown;
  readonly cancel?: (handle: unknown) => void;
}

export interface FrameBatcherStats {
  readonly rectsPainted: number;
  readonly messagesSent: number;
  readonly bytesSent: number;
  /** Server bitmaps sent to the UI as they came, for it to decode. */
  readonly rectsForwarded: number;
  /** Forwarded bitmaps decoded into the app's framebuffer later, and those never decoded there (painted over first). */
  readonly rectsDecodedLate: number;
  readonly rectsNeverDecoded: number;
  /** Changes that arrived while the UI had not acknowledged enough: they waited and merged into a later message. */
  readonly heldBack: number;
}

/**
 * The app's copy of the remote screen and what the UI has not seen of it yet. Server rectangles
 * are painted into a framebuffer; at most every `intervalMs` one message goes out. While the UI
 * keeps up, a compressed server bitmap is forwarded as it came (the UI decodes it: about a quarter
 * of the bytes of its RGBA); any other change marks its area dirty, sent as RGBA read from the
 * framebuffer after the forwarded bitmaps — so the UI's copy ends equal to this one whatever the
 * mix. While the UI has not acknowledged `windowBytes`, nothing goes out and every change marks
 * its area dirty: later paints overwrite earlier ones in the framebuffer, so the UI skips straight
 * to the newest pixels, and memory stays one framebuffer whatever the server sends.
 */
export class FrameBatcher {
  private readonly framebuffer: Uint8Array;
  /** The same pixels as words, for decoders that write whole pixels. */
  private readonly words: Int32Array;
  private readonly dirty: DirtyRegion;
  private readonly buffers = new FrameBufferPool();
  /** Forwarded bitmaps the framebuffer does not show yet: decoded before anything reads or draws on it. */
  private readonly undecoded: PendingBitmaps;
  private readonly undecodedBudgetBytes: number;
  private readonly windowBytes: number;
  private readonly compressedBudgetBytes: number;
  /** Server bitmaps for the next message, in the order they came. */
  private forwarded: CompressedFrameRect[] = [];
  private forwardedBytes = 0;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly scheduleTimer: (run: () => void, ms: number) => unknown;
  private readonly cancelTimer: (handle: unknown) => void;
  private attached = false;
  private hasPainted = false;
  private inFlight = 0;
  private lastSentAt = -Infinity;
  private timer: unknown;
  private counts = { rectsPainted: 0, messagesSent: 0, bytesSent: 0, rectsForwarded: 0, heldBack: 0 };

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly options: FrameBatcherOptions,
  ) {
    this.framebuffer = new Uint8Array(width * height * 4);
    this.words = new Int32Array(this.framebuffer.buffer);
    this.dirty = new DirtyRegion(options.maxRects ?? 64);
    this.undecoded = new PendingBitmaps(width, height);
    this.undecodedBudgetBytes = options.undecodedBudgetBytes ?? 4 * 1024 * 1024;
    this.windowBytes = options.windowBytes ?? 3 * 1024 * 1024;
    this.compressedBudgetBytes = options.compressedBudgetBytes ?? this.windowBytes / 4;
    this.intervalMs = options.intervalMs ?? 16;
    this.now = options.now ?? (() => performance.now());
    this.scheduleTimer = options.schedule ?? ((run, ms) => setTimeout(run, ms));
    this.cancelTimer = options.cancel ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
  }

  /** A rectangle from the server; the part outside the desktop is ignored. */
  paint(rect: PaintRect): void {
    if (isDrawable(rect)) {
      const compressed = this.attached && this.inFlight < this.windowBytes ? rect.compressed?.(this.width, this.height) : undefined;
      if (compressed) {
        this.undecoded.add(rect, compressed, compressed.data.byteLength);
        if (this.overUndecodedBudget(1)) {
          // Mostly bitmaps painted over since: forgotten unread. Decoding starts only when what stays is over half the budget.
          this.undecoded.forgetCovered();
          if (this.overUndecodedBudget(2)) this.decodeForwarded();
        }
        this.forward(compressed);
        return;
      }
      this.decodeForwarded();
      const area = rect.drawInto(this.words, this.width, this.height);
      if (area) this.painted(area);
      return;
    }
    this.decodeForwarded();
    const x0 = Math.max(0, rect.x);
    const y0 = Math.max(0, rect.y);
    const x1 = Math.min(this.width, rect.x + rect.width);
    const y1 = Math.min(this.height, rect.y + rect.height);
    if (x1 <= x0 || y1 <= y0) return;
    const source =
      rect.rgba instanceof Uint8Array ? rect.rgba : new Uint8Array(rect.rgba.buffer, rect.rgba.byteOffset, rect.rgba.byteLength);
    const rowBytes = (x1 - x0) * 4;
    for (let y = y0; y < y1; y++) {
      const from = ((y - rect.y) * rect.width + (x0 - rect.x)) * 4;
      this.framebuffer.set(source.subarray(from, from + rowBytes), (y * this.width + x0) * 4);
    }
    this.painted({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
  }

  /** Whether the undecoded bitmaps held take more than `1 / fraction` of their budget, in bytes or in count. */
  private overUndecodedBudget(fraction: number): boolean {
    return this.undecoded.bytes * fraction > this.undecodedBudgetBytes || this.undecoded.length * fraction >= MAX_UNDECODED_RECTS;
  }

  /** Brings the framebuffer up to what the page was sent: before it is read or drawn on. */
  private decodeForwarded(): void {
    this.undecoded.drawInto(this.words);
  }

  private painted(area: FrameRect): void {
    this.counts.rectsPainted += 1;
    this.hasPainted = true;
    this.dirty.add(area);
    this.scheduleFlush();
  }

  private forward(rect: CompressedFrameRect): void {
    this.counts.rectsPainted += 1;
    this.hasPainted = true;
    this.forwarded.push(rect);
    this.forwardedBytes += COMPRESSED_RECT_HEADER_BYTES + rect.data.byteLength;
    // Too many held (messages cannot go out): their areas go as RGBA instead, read when sent.
    if (this.forwardedBytes > this.compressedBudgetBytes || this.forwarded.length >= 0xffff) this.dropForwarded(true);
    this.scheduleFlush();
  }

  /** Forgets the bitmaps held for the next message; with `keepAreas`, their areas are sent as RGBA. */
  private dropForwarded(keepAreas: boolean): void {
    if (keepAreas) for (const r of this.forwarded) this.dirty.add(r);
    this.forwarded = [];
    this.forwardedBytes = 0;
  }

  private get nothingToSend(): boolean {
    return this.dirty.isEmpty && this.forwarded.length === 0;
  }

  /** A stream attached: it starts from the whole screen as it is now. */
  attach(): void {
    this.attached = true;
    this.inFlight = 0;
    this.dropForwarded(false);
    this.decodeForwarded();
    if (this.hasPainted) this.dirty.add({ x: 0, y: 0, width: this.width, height: this.height });
    this.scheduleFlush();
  }

  /** The stream went away: what it never acknowledged is forgotten with it. */
  detach(): void {
    this.attached = false;
    this.inFlight = 0;
    this.dropForwarded(false);
    this.buffers.forgetInFlight();
    this.cancel();
  }

  /** The UI drew `bytes` more bytes of messages. */
  ack(bytes: number): void {
    this.inFlight -= Math.min(Math.max(0, bytes), this.inFlight);
    this.buffers.acknowledged(bytes);
    this.scheduleFlush();
  }

  dispose(): void {
    this.detach();
  }

  get unacknowledged(): number {
    return this.inFlight;
  }

  get stats(): FrameBatcherStats {
    const { decoded, skipped } = this.undecoded.stats;
    return { ...this.counts, rectsDecodedLate: decoded, rectsNeverDecoded: skipped };
  }

  private scheduleFlush(): void {
    if (!this.attached || this.nothingToSend || this.timer !== undefined) return;
    if (this.inFlight >= this.windowBytes) {
      this.counts.heldBack += 1;
      return; // the next ack schedules it
    }
    const wait = Math.max(0, this.lastSentAt + this.intervalMs - this.now());
    this.timer = this.scheduleTimer(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (!this.attached || this.nothingToSend) return;
    if (this.inFlight >= this.windowBytes) {
      this.counts.heldBack += 1;
      return;
    }
    // RGBA is read from the framebuffer: it must first show the bitmaps forwarded before.
    if (!this.dirty.isEmpty) this.decodeForwarded();
    const rects = this.dirty.take();
    const forwarded = this.forwarded;
    this.dropForwarded(false);
    const frame = encodeFrame(
      this.width,
      this.height,
      rects,
      (r, target) => this.copyOut(r, target),
      (bytes) => this.buffers.take(bytes),
      forwarded,
    );
    this.counts.rectsForwarded += forwarded.length;
    this.buffers.sent(frame);
    this.inFlight += frame.byteLength;
    this.lastSentAt = this.now();
    this.counts.messagesSent += 1;
    this.counts.bytesSent += frame.byteLength;
    this.options.send(frame);
  }

  /** The framebuffer's pixels of `r` into `target`, top-down; full-width rows are one block. */
  private copyOut(r: FrameRect, target: Uint8Array): void {
    const rowBytes = r.width * 4;
    const start = (r.y * this.width + r.x) * 4;
    if (r.width === this.width) {
      target.set(this.framebuffer.subarray(start, start + rowBytes * r.height));
      return;
    }
    for (let row = 0, from = start, to = 0; row < r.height; row++, from += this.width * 4, to += rowBytes) {
      target.set(this.framebuffer.subarray(from, from + rowBytes), to);
    }
  }

  private cancel(): void {
    if (this.timer !== undefined) this.cancelTimer(this.timer);
    this.timer = undefined;
  }
}

function isDrawable(rect: PaintRect): rect is PaintRect & DrawableRect {
  return rect.drawInto !== undefined;
}
