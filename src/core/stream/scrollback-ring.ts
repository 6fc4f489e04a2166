/**
 * The last `capacity` bytes of a session's output, kept in the app so that a window that attaches
 * again (the learner came back to the Lab screen, a reloaded page) sees what the shell printed,
 * including while no window showed it. Bounded: older bytes are dropped as new ones arrive.
 */
export class ScrollbackRing {
  private chunks: Uint8Array[] = [];
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

  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    // Copied (Uint8Array's slice; a Buffer's would be a view): the caller's buffer may be reused.
    const kept = Uint8Array.prototype.slice.call(chunk, Math.max(0, chunk.length - this.capacity));
    if (kept.length < chunk.length) this.trimmed = true;
    this.chunks.push(kept);
    this.size += kept.length;
    while (this.size > this.capacity) {
      const first = this.chunks[0]!;
      const excess = this.size - this.capacity;
      this.trimmed = true;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  /**
   * What a new window is shown first. Once older output was dropped, it starts after the first line
   * break (within the first 4 KiB), so the replay does not begin in the middle of a line, an escape
   * sequence or a UTF-8 character.
   */
  snapshot(): Uint8Array {
    const all = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    if (!this.trimmed) return all;
    const newline = all.subarray(0, 4096).indexOf(0x0a);
    return newline >= 0 ? all.subarray(newline + 1) : all;
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
    this.trimmed = false;
  }
}
