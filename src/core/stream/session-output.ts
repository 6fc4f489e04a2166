import { ScrollbackRing } from './scrollback-ring';
import type { StreamEndpoint } from './stream-endpoint';

export interface SessionOutputOptions {
  readonly sessionId: string;
  /** Unacknowledged bytes a stream may hold (the protocol's window, announced with `ready`). */
  readonly windowBytes: number;
  /**
   * Keep this many bytes of output and replay them to every stream that attaches (a terminal's
   * scrollback); output made while no stream is attached then goes only there. Without it, such
   * output waits in a backlog for the next stream, held small by the source's flow control.
   */
  readonly scrollbackBytes?: number;
  /** Live output the source sent is consumed (or will never be, as nobody shows it): it may send more. */
  readonly release: (bytes: number) => void;
}

/** Replayed scrollback goes out in pieces this big, within the stream's window. */
const REPLAY_PIECE_BYTES = 64 * 1024;

/**
 * A live session's output on its way to whichever stream is attached: the acknowledgement window,
 * the backlog or the scrollback, and the replay of the scrollback to a stream that attaches. A
 * replay is sent within the window as acknowledgements come back; live output arriving meanwhile
 * waits behind it (the source's own flow control counts it as unacknowledged, so it stays small).
 */
export class SessionOutput {
  private endpoint: StreamEndpoint | undefined;
  private readonly scrollback: ScrollbackRing | undefined;
  private backlog: Uint8Array[] = [];
  /** What the attached stream still has to be sent of the scrollback it was attached with. */
  private replay: Uint8Array | undefined;
  private replayInFlight = 0;
  private liveInFlight = 0;
  /** Live output that came while a replay was still being sent. */
  private behindReplay: Uint8Array[] = [];

  constructor(private readonly options: SessionOutputOptions) {
    this.scrollback = options.scrollbackBytes ? new ScrollbackRing(options.scrollbackBytes) : undefined;
  }

  get attached(): boolean {
    return this.endpoint !== undefined;
  }

  /** A stream attached: `ready`, then the scrollback (or the backlog), then live output. */
  attach(endpoint: StreamEndpoint): void {
    this.endpoint = endpoint;
    const { sessionId, windowBytes } = this.options;
    if (this.scrollback) {
      const snapshot = this.scrollback.snapshot();
      endpoint.sendControl({ t: 'ready', sessionId, window: windowBytes, replay: snapshot.length });
      this.replay = snapshot.length > 0 ? snapshot : undefined;
      this.pumpReplay();
      return;
    }
    endpoint.sendControl({ t: 'ready', sessionId, window: windowBytes });
    const waiting = this.backlog;
    this.backlog = [];
    for (const chunk of waiting) this.sendLive(chunk);
  }

  /** The stream went away: answers how many live bytes it took and never acknowledged (now given back to the source). */
  detach(): number {
    if (!this.endpoint) return 0;
    this.endpoint = undefined;
    const unacknowledged = this.liveInFlight + this.behindReplay.reduce((n, chunk) => n + chunk.length, 0);
    this.liveInFlight = 0;
    this.replayInFlight = 0;
    this.replay = undefined;
    this.behindReplay = [];
    return unacknowledged;
  }

  /** Output of the session's source. */
  push(chunk: Uint8Array): void {
    this.scrollback?.append(chunk);
    if (!this.endpoint) {
      // Kept in the scrollback, which a later stream replays: nothing holds the source back meanwhile.
      if (this.scrollback) this.options.release(chunk.length);
      else this.backlog.push(chunk);
      return;
    }
    if (this.replay || this.behindReplay.length > 0) this.behindReplay.push(chunk);
    else this.sendLive(chunk);
  }

  /** The attached stream consumed `bytes` more bytes, replayed ones first (they went out first). */
  ack(bytes: number): void {
    const taken = Math.min(bytes, this.replayInFlight + this.liveInFlight);
    const replayed = Math.min(taken, this.replayInFlight);
    this.replayInFlight -= replayed;
    const live = taken - replayed;
    this.liveInFlight -= live;
    if (live > 0) this.options.release(live);
    this.pumpReplay();
  }

  /**
   * The source starts its output over (a protocol running in the UI begins a new conversation): the
   * attached stream is sent `ready` again, and what it held, and any backlog, belong to the old one.
   */
  restart(): void {
    this.backlog = [];
    this.liveInFlight = 0;
    this.replayInFlight = 0;
    this.replay = undefined;
    this.behindReplay = [];
    const { sessionId, windowBytes } = this.options;
    this.endpoint?.sendControl({ t: 'ready', sessionId, window: windowBytes });
  }

  /** Forgets the scrollback (the learner cleared the terminal). */
  clearScrollback(): void {
    this.scrollback?.clear();
  }

  private pumpReplay(): void {
    const endpoint = this.endpoint;
    if (!endpoint) return;
    let room: number;
    while (this.replay && (room = this.options.windowBytes - this.replayInFlight - this.liveInFlight) > 0) {
      const piece = this.replay.subarray(0, Math.min(REPLAY_PIECE_BYTES, room));
      this.replay = this.replay.length > piece.length ? this.replay.subarray(piece.length) : undefined;
      this.replayInFlight += piece.length;
      endpoint.sendData(piece);
    }
    if (this.replay) return;
    const waiting = this.behindReplay;
    this.behindReplay = [];
    for (const chunk of waiting) this.sendLive(chunk);
  }

  private sendLive(chunk: Uint8Array): void {
    this.liveInFlight += chunk.length;
    this.endpoint!.sendData(chunk);
  }
}
