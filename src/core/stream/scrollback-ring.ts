/** A replay starts after the first line break within this many bytes of the kept output. */
const LINE_START_SEARCH_BYTES = 4096;

/**
 * The last `capacity` bytes of a session's output, kept in the app so that a window that attaches
 * again (the learner came back to the Lab screen, a reloaded page) sees what the shell printed,
 * including while no window showed it. Bounded: older bytes are dropped as new ones arrive.
 *
 * One buffer of `capacity` bytes, written round: however small the chunks, the scrollback costs one
 * allocation, not one per chunk (each its own ArrayBuffer and its own malloc block, thousands of them
 * for a shell's output). It is taken at the first output and given back by `clear()`.
 */
export class ScrollbackRing {
  private ring: Uint8Array | undefined;
  /** Where the oldest kept byte is. */
  private start = 0;
  private size = 0;
  /** Bytes were dropped from the front: the kept bytes may start inside a line. */
  private trimmed = false;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0)
      throw new RangeError(`scrollback capacity must be a positive integer, got ${capacity}`);
  }

  get bytes(): number {
    return this.size;
  }

  /** Copies the chunk in (the caller's buffer may be reused). */
  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const ring = (this.ring ??= new Uint8Array(this.capacity));
    if (chunk.length >= this.capacity) {
      ring.set(chunk.subarray(chunk.length - this.capacity));
      this.trimmed ||= chunk.length > this.capacity || this.size > 0;
      this.start = 0;
      this.size = this.capacity;
      return;
    }
    const end = (this.start + this.size) % this.capacity;
    const untilWrap = Math.min(chunk.length, this.capacity - end);
    ring.set(chunk.subarray(0, untilWrap), end);
    if (untilWrap < chunk.length) ring.set(chunk.subarray(untilWrap), 0);
    const excess = this.size + chunk.length - this.capacity;
    if (excess > 0) {
      this.start = (this.start + excess) % this.capacity;
      this.size = this.capacity;
      this.trimmed = true;
    } else {
      this.size += chunk.length;
    }
  }

  /**
   * What a new window is shown first: a copy, as the ring goes on being written while it is sent.
   * Once older output was dropped, it starts after the first line break (within the first 4 KiB),
   * so the replay does not begin in the middle of a line, an escape sequence or a UTF-8 character.
   */
  snapshot(): Uint8Array {
    let skip = 0;
    if (this.trimmed) {
      const newline = this.indexOfNewline(Math.min(LINE_START_SEARCH_BYTES, this.size));
      if (newline >= 0) skip = newline + 1;
    }
    const copy = new Uint8Array(this.size - skip);
    if (!this.ring || copy.length === 0) return copy;
    const from = (this.start + skip) % this.capacity;
    const untilWrap = Math.min(copy.length, this.capacity - from);
    copy.set(this.ring.subarray(from, from + untilWrap));
    if (untilWrap < copy.length) copy.set(this.ring.subarray(0, copy.length - untilWrap), untilWrap);
    return copy;
  }

  /** Forgets the kept output and gives its buffer back. */
  clear(): void {
    this.ring = undefined;
    this.start = 0;
    this.size = 0;
    this.trimmed = false;
  }

  /** The first line feed among the oldest `within` kept bytes, counted from the oldest; -1 if none. */
  private indexOfNewline(within: number): number {
    if (!this.ring) return -1;
    const untilWrap = Math.min(within, this.capacity - this.start);
    const before = this.ring.subarray(this.start, this.start + untilWrap).indexOf(0x0a);
    if (before >= 0 || untilWrap === within) return before;
    const after = this.ring.subarray(0, within - untilWrap).indexOf(0x0a);
    return after >= 0 ? untilWrap + after : -1;
  }
}
