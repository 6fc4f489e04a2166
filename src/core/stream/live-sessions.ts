import { randomBytes } from 'node:crypto';
import type { SessionOpenInput, SessionRequestOf, SessionStatusEvent } from '../../shared/contract/session-calls';
import type { SessionKindName } from '../../shared/stream/session-status';
import type { SessionProtocol } from '../connect/live-connection';
import { UserFacingError } from '../api/user-error';
import type { Logger } from '../log/logger';
import type { LabAccess } from './lab-access';
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

export interface LiveSessionsOptions extends Pick<LiveSessionDeps<SessionKindName>, 'labs' | 'onActivity' | 'activityThrottleMs' | 'schedule' | 'suspendedPollMs'> {
  readonly protocols: SessionProtocols;
  readonly emitStatus: (event: SessionStatusEvent) => void;
  readonly logger: Logger;
  /** A session no stream has been attached to for this long is closed (a tab closed without saying so). */
  readonly orphanMs?: number;
  /** Connections the course shows read-only (course.yaml `read_only: true`): what the learner types there is dropped. */
  readonly readOnly?: (courseId: string, connection: string) => boolean;
}

/** How one session reaches its lab, when not as the learner's own (the instructor watching a learner's lab). */
export interface SessionAccess {
  readonly labs?: LabAccess;
  /** Output only: whatever the viewer types is dropped before it can reach the lab. */
  readonly readOnly?: boolean;
}

/**
 * Every open live session of this process, of every kind, by a random id: the calls act on them
 * here and the transports attach streams to them here. A session no window shows any more is
 * closed after a grace period, so that a renderer reload can take its session back but a closed
 * tab does not leave a shell running.
 */
export class LiveSessions implements StreamSessions {
  private readonly sessions = new Map<string, LiveSession<SessionKindName>>();
  private readonly orphanTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: LiveSessionsOptions) {}

  /** Makes, keeps and starts a session; a new connection later is a new session. */
  open(input: SessionOpenInput, access: SessionAccess = {}): { sessionId: string } {
    const sessionId = randomBytes(12).toString('base64url');
    const { kind, ...request } = input;
    const session = this.make(kind, sessionId, request, access);
    this.sessions.set(sessionId, session);
    this.watchOrphan(sessionId);
    session.start();
    return { sessionId };
  }

  /** The open session of that id; of that kind, when one is named. */
  get(sessionId: string): LiveSession<SessionKindName>;
  get<K extends SessionKindName>(sessionId: string, kind: K): LiveSession<K>;
  get(sessionId: string, kind?: SessionKindName): LiveSession<SessionKindName> {
    const session = this.sessions.get(sessionId);
    if (!session || session.isClosed()) throw new SessionNotFoundError(sessionId);
    if (kind !== undefined && session.kind !== kind) throw new UserFacingError('invalid_input', `Session ${sessionId} is a ${session.kind}, not a ${kind}.`);
    return session;
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

  private make<K extends SessionKindName>(kind: K, sessionId: string, request: SessionRequestOf<K>, access: SessionAccess): LiveSession<K> {
    const { options } = this;
    const protocol = options.protocols[kind] as SessionProtocol<K> | undefined;
    if (!protocol) throw new UserFacingError('unavailable', `Sessions of kind ${kind} are not available here.`);
    return new LiveSession<K>(sessionId, request, {
      protocol,
      labs: access.labs ?? options.labs,
      readOnly: access.readOnly || options.readOnly?.(request.courseId, request.connection) === true,
      logger: options.logger.child(kind),
      emitStatus: (event) => {
        // Closed for good: a new connection is a new session.
        if (event.status === 'closed') this.forget(sessionId);
        options.emitStatus(event);
      },
      onActivity: options.onActivity,
      activityThrottleMs: options.activityThrottleMs,
      schedule: options.schedule,
      suspendedPollMs: options.suspendedPollMs,
    });
  }

  private forget(sessionId: string): void {
    clearTimeout(this.orphanTimers.get(sessionId));
    this.orphanTimers.delete(sessionId);
    this.sessions.delete(sessionId);
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
