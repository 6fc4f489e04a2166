import { randomBytes } from 'node:crypto';
import type { LiveSessionSummary, SessionOpenInput, SessionRequestOf, SessionStatusEvent } from '../../shared/contract/session-calls';
import type { SessionKindName } from '../../shared/stream/session-status';
import type { SessionProtocol } from '../connect/live-connection';
import { UserFacingError } from '../api/user-error';
import type { SshCompanion } from '../connect/ssh/ssh-companion';
import type { Logger } from '../log/logger';
import type { LabAccess, LabRunState } from './lab-access';
import { LiveSession, type LiveSessionDeps } from './live-session';
import type { AttachedStream, StreamEndpoint, StreamSessions } from './stream-endpoint';

export class SessionNotFoundError extends UserFacingError {
  constructor(sessionId: string) {
    super('not_found', `Session ${sessionId} is not open any more (it was closed, or the app restarted). Open it again.`);
    this.name = 'SessionNotFoundError';
  }
}

/** The protocols live sessions speak here, by kind (a test may bring only the one it needs). */
export type SessionProtocols = { readonly [K in SessionKindName]?: SessionProtocol<K> };

export interface LiveSessionsOptions extends Pick<
  LiveSessionDeps<SessionKindName>,
  'labs' | 'onActivity' | 'activityThrottleMs' | 'schedule' | 'suspendedPollMs'
> {
  readonly protocols: SessionProtocols;
  readonly emitStatus: (event: SessionStatusEvent) => void;
  readonly logger: Logger;
  /**
   * A read-only session (an instructor's view) no stream has been attached to for this long is
   * closed: its window went without saying so. The learner's own sessions have no such timer.
   */
  readonly orphanMs?: number;
  /** Connections the course shows read-only (course.yaml `read_only: true`): what the learner types there is dropped. */
  readonly readOnly?: (courseId: string, connection: string) => boolean;
  /** Work beside the learner's own sessions over their SSH logins (the look for an instructor's assist marker). */
  readonly ownCompanion?: (session: { sessionId: string; courseId: string; kind: SessionKindName }) => SshCompanion | undefined;
}

/** How one session reaches its lab, when not as the learner's own (the instructor watching a learner's lab). */
export interface SessionAccess {
  readonly labs?: LabAccess;
  /** Output only: whatever the viewer types is dropped before it can reach the lab. */
  readonly readOnly?: boolean;
  /** Work over each SSH login of the session beside its shell (an instructor's assist keeps its marker so). */
  readonly companion?: SshCompanion;
  /** The session closed for good, whatever closed it (its window, the orphan timer, the app quitting). */
  readonly onClosed?: () => void;
}

/**
 * Every open live session of this process, of every kind, by a random id: the calls act on them
 * here and the transports attach streams to them here. The learner's sessions belong to the lab,
 * not to a window: one no window shows goes on running (the learner reads another course and
 * comes back to it, `list` finds it again) until the learner closes it, the app quits, or its lab
 * is suspended or deleted. An instructor's read-only view ends with its window (after a grace
 * period, so that a reload can take it back).
 */
export class LiveSessions implements StreamSessions {
  private readonly sessions = new Map<string, LiveSession<SessionKindName>>();
  /** The sessions into the learner's own labs (not an instructor's view of someone else's). */
  private readonly own = new Set<string>();
  private readonly orphanTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: LiveSessionsOptions) {}

  /** Makes, keeps and starts a session; a new connection later is a new session. */
  open(input: SessionOpenInput, access: SessionAccess = {}): { sessionId: string } {
    const sessionId = randomBytes(12).toString('base64url');
    const { kind, tabId, ...request } = input;
    const session = this.make(kind, sessionId, request, access, tabId);
    this.sessions.set(sessionId, session);
    if (access.labs === undefined && !access.readOnly) this.own.add(sessionId);
    else this.watchOrphan(sessionId);
    session.start();
    return { sessionId };
  }

  /** The learner's open sessions into a course's lab, for a window that shows that lab again. */
  list(courseId: string): LiveSessionSummary[] {
    return [...this.sessions.values()]
      .filter((session) => this.own.has(session.id) && session.courseId === courseId && !session.isClosed())
      .map((session) => ({
        sessionId: session.id,
        kind: session.kind,
        connection: session.connectionName,
        tabId: session.tabId ?? null,
        status: session.status,
      }));
  }

  /**
   * The lab of a course changed state. Suspended or gone: its sessions nobody shows end (one that
   * is shown says "Lab suspended" and offers Resume; its window decides).
   */
  labChanged(courseId: string, state: LabRunState | 'gone'): void {
    if (state !== 'suspended' && state !== 'gone') return;
    for (const session of [...this.sessions.values()]) {
      if (this.own.has(session.id) && session.courseId === courseId && !session.hasStream()) {
        this.close(session.id, state === 'gone' ? 'The lab was deleted.' : 'The lab was suspended.');
      }
    }
  }

  /** The open session of that id; of that kind, when one is named. */
  get(sessionId: string): LiveSession<SessionKindName>;
  get<K extends SessionKindName>(sessionId: string, kind: K): LiveSession<K>;
  get(sessionId: string, kind?: SessionKindName): LiveSession<SessionKindName> {
    const session = this.sessions.get(sessionId);
    if (!session || session.isClosed()) throw new SessionNotFoundError(sessionId);
    if (kind !== undefined && session.kind !== kind)
      throw new UserFacingError('invalid_input', `Session ${sessionId} is a ${session.kind}, not a ${kind}.`);
    return session;
  }

  /** A web console's one-time address (its own origin and secret), for the learner's own session only. */
  entryUrl(sessionId: string): string {
    const session = this.get(sessionId);
    const url = this.own.has(sessionId) ? this.options.protocols[session.kind]?.entryUrl?.(sessionId) : undefined;
    if (!url)
      throw new UserFacingError(
        'unavailable',
        `This ${this.options.protocols[session.kind]?.noun ?? 'session'} has no page to open (yet).`,
      );
    return url;
  }

  attach(sessionId: string, endpoint: StreamEndpoint): AttachedStream | undefined {
    const session = this.sessions.get(sessionId);
    if (!session || session.isClosed()) return undefined;
    clearTimeout(this.orphanTimers.get(sessionId));
    this.orphanTimers.delete(sessionId);
    const attached = session.attach(endpoint);
    return {
      receive: attached.receive,
      detach: () => {
        attached.detach();
        if (session.hasStream()) return;
        if (!this.own.has(sessionId)) this.watchOrphan(sessionId);
        else if (session.status.status === 'lab-suspended') this.close(sessionId, 'The lab was suspended.');
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

  private make<K extends SessionKindName>(
    kind: K,
    sessionId: string,
    request: SessionRequestOf<K>,
    access: SessionAccess,
    tabId: string | undefined,
  ): LiveSession<K> {
    const { options } = this;
    const protocol = options.protocols[kind] as SessionProtocol<K> | undefined;
    if (!protocol) throw new UserFacingError('unavailable', `Sessions of kind ${kind} are not available here.`);
    const own = access.labs === undefined && !access.readOnly;
    const companion = access.companion ?? (own ? options.ownCompanion?.({ sessionId, courseId: request.courseId, kind }) : undefined);
    let closedOnce = false;
    return new LiveSession<K>(sessionId, request, {
      protocol,
      labs: access.labs ?? options.labs,
      readOnly: access.readOnly || options.readOnly?.(request.courseId, request.connection) === true,
      tabId,
      companion,
      logger: options.logger.child(kind),
      emitStatus: (event) => {
        // Closed for good: a new connection is a new session.
        if (event.status === 'closed') {
          this.forget(sessionId);
          if (!closedOnce) {
            closedOnce = true;
            access.onClosed?.();
          }
        }
        options.emitStatus(event);
        // The lab went to sleep under a session nobody shows: it ends with the lab's run.
        if (event.status === 'lab-suspended' && this.own.has(sessionId) && !this.sessions.get(sessionId)?.hasStream()) {
          this.close(sessionId, 'The lab was suspended.');
        }
      },
      // Only the learner at work in their own lab pushes its idle suspend (not an instructor typing in a learner's).
      onActivity: own ? options.onActivity : undefined,
      activityThrottleMs: options.activityThrottleMs,
      schedule: options.schedule,
      suspendedPollMs: options.suspendedPollMs,
    });
  }

  private forget(sessionId: string): void {
    clearTimeout(this.orphanTimers.get(sessionId));
    this.orphanTimers.delete(sessionId);
    this.sessions.delete(sessionId);
    this.own.delete(sessionId);
  }

  private watchOrphan(sessionId: string): void {
    clearTimeout(this.orphanTimers.get(sessionId));
    const kind = this.sessions.get(sessionId)?.kind;
    const reason = `No window showed this ${(kind && this.options.protocols[kind]?.noun) ?? 'session'} any more.`;
    const timer = setTimeout(() => this.close(sessionId, reason), this.options.orphanMs ?? 60_000);
    timer.unref();
    this.orphanTimers.set(sessionId, timer);
  }
}
