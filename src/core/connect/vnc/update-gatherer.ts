/**
 * Server bytes on their way to the UI, gathered while they stream: what arrives after a quiet
 * spell goes at the end of the event loop's turn it came in — with the rest of that read (Xvnc's
 * update comes as several TLS records in one read: one message, not one now and the rest later)
 * — and whatever follows within `spacingMs` of the last send goes together, in one message, when
 * that time is up. Why: a busy desktop (a scrolling terminal) makes the server write hundreds of
 * small records a second, and each one as a message of its own costs the page, the browser's
 * network process and the app a task each — more than drawing it; the page draws once per
 * animation frame anyway.
 */
export class UpdateGatherer {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private endOfTurn: ReturnType<typeof setImmediate> | undefined;
  private lastSent = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: (data: Buffer) => void,
    private readonly spacingMs = 8,
    /** Held bytes that go at once rather than wait. */
    private readonly maxHeldBytes = 256 * 1024,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(data: Buffer): void {
    this.held.push(data);
    this.heldBytes += data.length;
    if (this.heldBytes >= this.maxHeldBytes) return this.flush();
    if (this.timer !== undefined || this.endOfTurn !== undefined) return;
    const wait = this.lastSent + this.spacingMs - this.now();
    if (wait <= 0) this.endOfTurn = setImmediate(() => this.flush());
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Sends what is held now (the UI's client waits for it: a handshake step). */
  flush(): void {
    this.cancel();
    if (this.held.length === 0) return;
    const data = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    this.lastSent = this.now();
    this.send(data);
  }

  /** Forgets what is held (the conversation ended: nobody will read it). */
  drop(): void {
    this.cancel();
    this.held = [];
    this.heldBytes = 0;
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearImmediate(this.endOfTurn);
    this.endOfTurn = undefined;
  }
}
