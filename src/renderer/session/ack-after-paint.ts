/**
 * Acknowledges a live session's bytes after the next paint, so the app sends no more than the
 * page draws: all that was handed on until then goes up as one ack.
 */
export class AckAfterPaint {
  private pending = 0;
  private scheduled = false;
  /**
   * Bytes owed before a paint acknowledges them (0: every paint does). A client that asks for each
   * update (VNC) is paced by its requests, not the window: acknowledging a little of the window at a
   * time costs a message each frame for nothing.
   */
  minimum = 0;

  /** `afterPaint`: when to acknowledge; the next animation frame by default, so a hidden or busy page slows the app down. */
  constructor(private readonly afterPaint: (run: () => void) => void = (run) => requestAnimationFrame(() => run())) {}

  /** Counts `bytes`; `send` (of the call that scheduled the paint) gets the total after it, unless nothing is owed by then. */
  add(bytes: number, send: (acked: number) => void): void {
    this.pending += bytes;
    if (this.scheduled || this.pending < this.minimum) return;
    this.scheduled = true;
    this.afterPaint(() => {
      this.scheduled = false;
      const acked = this.pending;
      this.pending = 0;
      if (acked > 0) send(acked);
    });
  }

  /** What the old conversation (or stream) was owed is not the new one's to acknowledge. */
  forget(): void {
    this.pending = 0;
  }
}
