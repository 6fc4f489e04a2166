/** RFC 6143 §7.5.3 FramebufferUpdateRequest: type 3, the incremental flag, then x, y, width, height (u16 each). */
const UPDATE_REQUEST = 3;
const UPDATE_REQUEST_BYTES = 10;

const isIncrementalRequest = (message: Uint8Array): boolean =>
  message.length === UPDATE_REQUEST_BYTES && message[0] === UPDATE_REQUEST && message[1] !== 0;

/**
 * Sends the RFB client's requests for the next update after the page has painted, one per paint:
 * noVNC asks again as soon as it has decoded an update, so a page that draws once per animation
 * frame would be sent — and decode — every update the server can make meanwhile, only to show the
 * last. Native viewers ask once per redraw; so does the page now, and a hidden page (no animation
 * frames) asks for nothing. A request for the whole picture (not incremental) goes at once.
 */
export class UpdateRequestPacer {
  private waiting: Uint8Array | undefined;
  private scheduled = false;

  constructor(
    private readonly send: (message: Uint8Array) => void,
    /** When the page has painted; the next animation frame by default. */
    private readonly afterPaint: (run: () => void) => void = (run) => requestAnimationFrame(() => run()),
  ) {}

  /** Takes `message` to send after the paint when it is an incremental update request; false for any other message. */
  hold(message: Uint8Array): boolean {
    if (!isIncrementalRequest(message)) return false;
    // A copy: noVNC reuses its send buffer. A later request replaces an earlier one (same area or larger).
    this.waiting = message.slice();
    if (this.scheduled) return true;
    this.scheduled = true;
    this.afterPaint(() => {
      this.scheduled = false;
      const request = this.waiting;
      this.waiting = undefined;
      if (request) this.send(request);
    });
    return true;
  }

  /** The conversation ended: what waits is nobody's to send. */
  drop(): void {
    this.waiting = undefined;
  }
}
