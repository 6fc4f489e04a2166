import { randomBytes } from 'node:crypto';
import type { UserFacingError } from '../api/user-error';
import type { AttachedStream, StreamEndpoint, StreamSessions } from './stream-endpoint';

/** What the registry needs of a live session (a terminal, a remote desktop). */
export interface StreamSession {
  start(): void;
  attach(endpoint: StreamEndpoint): AttachedStream;
  hasStream(): boolean;
  close(reason?: string): void;
  isClosed(): boolean;
}

export interface StreamSessionRegistryOptions {
  /** A session no stream has been attached to for this long is closed (a tab closed without saying so). */
  readonly orphanMs?: number;
  /** Why an orphaned session was closed, as its viewer would read it. */
  readonly orphanReason: string;
  readonly notFound: (sessionId: string) => UserFacingError;
}

/**
 * Every open session of one kind in this process, by a random id: the transports attach streams
 * to them here, and a session no window shows any more is closed after a grace period, so that a
 * renderer reload can take its session back but a closed tab does not leave a shell running.
 */
export class StreamSessionRegistry<S extends StreamSession> implements StreamSessions {
  private readonly sessions = new Map<string, S>();
  private readonly orphanTimers = new Map<string, NodeJS.Timeout>();
  /** Per session: what stands between the UI's messages and the session (read-only viewers). */
  private readonly inputFilters = new Map<string, (receive: AttachedStream['receive']) => AttachedStream['receive']>();

  constructor(private readonly registry: StreamSessionRegistryOptions) {}

  /**
   * Makes, keeps and starts a session. `make` gets the new id and `ended`, which the session's
   * status handler calls once it is closed for good (a new connection is a new session).
   */
  protected add(make: (sessionId: string, ended: () => void) => S, inputFilter?: (receive: AttachedStream['receive']) => AttachedStream['receive']): { sessionId: string } {
    const sessionId = randomBytes(12).toString('base64url');
    if (inputFilter) this.inputFilters.set(sessionId, inputFilter);
    const session = make(sessionId, () => this.forget(sessionId));
    this.sessions.set(sessionId, session);
    this.watchOrphan(sessionId);
    session.start();
    return { sessionId };
  }

  get(sessionId: string): S {
    const session = this.sessions.get(sessionId);
    if (!session || session.isClosed()) throw this.registry.notFound(sessionId);
    return session;
  }

  attach(sessionId: string, endpoint: StreamEndpoint): AttachedStream | undefined {
    const session = this.sessions.get(sessionId);
    if (!session || session.isClosed()) return undefined;
    clearTimeout(this.orphanTimers.get(sessionId));
    this.orphanTimers.delete(sessionId);
    const attached = session.attach(endpoint);
    const filter = this.inputFilters.get(sessionId);
    return {
      receive: filter ? filter(attached.receive) : attached.receive,
      detach: () => {
        attached.detach();
        if (!session.hasStream()) this.watchOrphan(sessionId);
      },
    };
  }

  close(sessionId: string, reason?: string): void {
    const session = this.sessions.get(sessionId);
    this.forget(sessionId);
    session?.close(reason);
  }

  closeAll(reason = 'Lab Console is closing.'): void {
    for (const id of [...this.sessions.keys()]) this.close(id, reason);
  }

  /** How many sessions are open (diagnostics, tests). */
  get size(): number {
    return this.sessions.size;
  }

  private forget(sessionId: string): void {
    clearTimeout(this.orphanTimers.get(sessionId));
    this.orphanTimers.delete(sessionId);
    this.sessions.delete(sessionId);
    this.inputFilters.delete(sessionId);
  }

  private watchOrphan(sessionId: string): void {
    clearTimeout(this.orphanTimers.get(sessionId));
    const timer = setTimeout(() => this.close(sessionId, this.registry.orphanReason), this.registry.orphanMs ?? 60_000);
    timer.unref();
    this.orphanTimers.set(sessionId, timer);
  }
}
