import type {
  SessionDetailOf,
  SessionFailureOf,
  SessionRequestOf,
  SessionSizeOf,
  SessionStatusOf,
} from '../../shared/contract/session-calls';
import type { SessionKindName } from '../../shared/stream/session-status';
import { parseStreamUp } from '../../shared/stream/stream-protocol';
import { localized } from '../../shared/i18n/message';
import { sentenceOf, type Sentence } from '../api/user-error';
import { UnusableConnectionError, type ConnectFailure, type LiveConnection, type SessionProtocol } from '../connect/live-connection';
import type { SshCompanion } from '../connect/ssh/ssh-companion';
import type { Logger } from '../log/logger';
import type { LabAccess } from './lab-access';
import type { ReconnectSchedule } from './reconnect-schedule';
import { ReconnectingSession, type LostStatus } from './reconnecting-session';
import { SessionOutput } from './session-output';
import type { AttachedStream, StreamEndpoint } from './stream-endpoint';

export interface LiveSessionDeps<K extends SessionKindName> {
  readonly protocol: SessionProtocol<K>;
  readonly labs: LabAccess;
  readonly emitStatus: (event: SessionStatusOf<K>) => void;
  readonly logger: Logger;
  /** The learner used the session (the idle-suspend dead-man's switch); called at most once per `activityThrottleMs`. */
  readonly onActivity?: (courseId: string) => void;
  readonly activityThrottleMs?: number;
  readonly schedule?: ReconnectSchedule;
  /** While the lab is suspended, look this often whether someone resumed it. */
  readonly suspendedPollMs?: number;
  /** Output only: whatever the viewer sends but acknowledgements is dropped here, before the protocol sees it. */
  readonly readOnly?: boolean;
  /** The UI's tab this session belongs to (it finds the session again by it). */
  readonly tabId?: string;
  /** Work over each of its SSH logins beside the shell (an assist's marker, the learner's look for one). */
  readonly companion?: SshCompanion;
}

type StatusFields<K extends SessionKindName> = Omit<SessionStatusOf<K>, 'kind' | 'sessionId'>;

/**
 * One live session (a terminal tab, a desktop tab) into a lab connection, whatever its protocol:
 * it survives drops (reconnecting with backoff) and lab suspends (it says so and waits — resuming
 * is the learner's call, never ours). It belongs to the lab, not to a window: output goes to
 * whichever stream is attached (the Lab screen shown again, a reloaded page; the old stream is
 * ended), and while none is, a terminal's output goes on into its scrollback, which the next
 * stream is sent first (SessionOutput). The protocol (`SessionProtocol`) makes each connection
 * and says what its input means.
 */
export class LiveSession<K extends SessionKindName> extends ReconnectingSession<SessionFailureOf<K>> {
  private connection: LiveConnection<K> | undefined;
  private endpoint: StreamEndpoint | undefined;
  private readonly output: SessionOutput;
  private resizeTimer: NodeJS.Timeout | undefined;
  private lastActivity = -Infinity;
  private lastStatus: SessionStatusOf<K>;

  constructor(
    readonly id: string,
    private readonly request: SessionRequestOf<K>,
    private readonly deps: LiveSessionDeps<K>,
  ) {
    super({ courseId: request.courseId, labs: deps.labs, schedule: deps.schedule, suspendedPollMs: deps.suspendedPollMs });
    this.lastStatus = this.statusEvent({ status: 'connecting' } as StatusFields<K>);
    this.output = new SessionOutput({
      sessionId: id,
      windowBytes: deps.protocol.windowBytes,
      scrollbackBytes: deps.protocol.scrollbackBytes,
      release: (bytes) => this.connection?.ack(bytes),
    });
  }

  get kind(): K {
    return this.deps.protocol.kind;
  }

  get courseId(): string {
    return this.request.courseId;
  }

  get connectionName(): string {
    return this.request.connection;
  }

  get tabId(): string | undefined {
    return this.deps.tabId;
  }

  get readOnly(): boolean {
    return this.deps.readOnly === true;
  }

  get status(): SessionStatusOf<K> {
    return this.lastStatus;
  }

  start(): void {
    void this.connect();
  }

  attach(endpoint: StreamEndpoint): AttachedStream {
    this.releaseEndpoint(`another window took over this ${this.deps.protocol.noun}`);
    this.endpoint = endpoint;
    this.output.attach(endpoint);
    this.connection?.streamAttached();
    // The view attaching may have missed the last status (it listed the session, then the status
    // changed before it listened, as around a reload): say it again.
    this.deps.emitStatus(this.lastStatus);
    return {
      receive: (raw) => {
        if (this.endpoint === endpoint) this.receive(raw);
      },
      detach: () => {
        if (this.endpoint === endpoint) this.releaseEndpoint();
      },
    };
  }

  hasStream(): boolean {
    return this.endpoint !== undefined;
  }

  /** The view's new size: taken at once, or (when the protocol must reconnect for it) once no other came for a moment. */
  resize(size: SessionSizeOf<K>): void {
    Object.assign(this.request, size);
    const settleMs = this.deps.protocol.resizeSettleMs;
    if (settleMs === undefined) {
      this.connection?.resize(size);
      return;
    }
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => {
      // Not connected (failed, suspended, between attempts): the next connection takes the new size.
      if (this.closed || !this.connection || this.connection.resize(size) === 'done') return;
      this.deps.logger.info(`${this.deps.protocol.noun} resized: reconnecting`, { session: this.id, ...size });
      this.reconnectNow(true);
    }, settleMs);
  }

  /** The learner asked to try again now (after a failure), or a resize needs a new connection. */
  reconnectNow(resized = false): void {
    if (this.closed) return;
    this.dropConnection();
    this.attempt = 0;
    void this.connect(resized);
  }

  close(why: string | Sentence = `The ${this.deps.protocol.noun} was closed.`, detail?: SessionDetailOf<K>): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.resizeTimer);
    this.dropConnection();
    const sentence: Sentence = typeof why === 'string' ? { message: why } : why;
    this.setStatus({ status: 'closed', ...sentence, ...detail } as StatusFields<K>);
    this.endpoint?.sendControl({ t: 'end', reason: sentence.message });
    this.releaseEndpoint();
  }

  isClosed(): boolean {
    return this.closed;
  }

  /** The learner cleared the terminal: a stream attaching later starts from the cleared screen too. */
  clearScrollback(): void {
    this.output.clearScrollback();
  }

  private receive(raw: unknown): void {
    const parsed = parseStreamUp(raw);
    if (!parsed.ok) {
      this.deps.logger.warn(`${this.deps.protocol.noun} stream message refused`, { session: this.id, error: parsed.error });
      return;
    }
    const message = parsed.value;
    if (message.t === 'ack') {
      this.output.ack(message.bytes);
      return;
    }
    const { protocol } = this.deps;
    if (this.deps.readOnly && !protocol.dropsReadOnlyInput) return;
    if (!protocol.accepts(message)) {
      this.deps.logger.warn(`${message.t} message on a ${protocol.noun} stream ignored`, { session: this.id });
      return;
    }
    this.connection?.input(message);
    if (protocol.isActivity(message)) this.activity();
  }

  private activity(): void {
    const now = Date.now();
    if (now - this.lastActivity < (this.deps.activityThrottleMs ?? 5000)) return;
    this.lastActivity = now;
    this.deps.onActivity?.(this.request.courseId);
  }

  private releaseEndpoint(reason?: string): void {
    const endpoint = this.endpoint;
    if (!endpoint) return;
    this.endpoint = undefined;
    this.connection?.streamDetached(this.output.detach());
    if (reason) endpoint.sendControl({ t: 'end', reason });
    endpoint.close();
  }

  private statusEvent(status: StatusFields<K>): SessionStatusOf<K> {
    return { kind: this.deps.protocol.kind, sessionId: this.id, ...status } as SessionStatusOf<K>;
  }

  protected setStatus(status: StatusFields<K> | LostStatus<SessionFailureOf<K>>): void {
    this.lastStatus = this.statusEvent(status as StatusFields<K>);
    this.deps.emitStatus(this.lastStatus);
  }

  private dropConnection(): void {
    this.cancelAttempts();
    this.connection?.close();
    this.connection = undefined;
  }

  protected release(): void {
    this.connection?.close();
    this.connection = undefined;
  }

  protected async connect(resized = false): Promise<void> {
    const generation = ++this.generation;
    const current = (): boolean => !this.closed && generation === this.generation;
    this.setStatus(
      (this.attempt === 0 && !resized
        ? { status: 'connecting' }
        : { status: 'reconnecting', ...(resized ? localized({ key: 'session.resizing' }) : {}) }) as StatusFields<K>,
    );
    const { protocol } = this.deps;
    let target;
    try {
      target = await this.deps.labs.resolve(this.request.courseId, this.request.connection);
    } catch (error) {
      if (current()) await this.connectionLost(sentenceOf(error), 'unavailable');
      return;
    }
    if (!current()) return;
    let connection: LiveConnection<K> | undefined;
    try {
      connection = protocol.connect({
        sessionId: this.id,
        request: this.request,
        target,
        logger: this.deps.logger,
        readOnly: this.deps.readOnly === true,
        companion: this.deps.companion,
        send: (data) => this.output.push(data),
        hasStream: () => this.hasStream(),
        restartOutput: () => {
          if (current()) this.output.restart();
        },
        activity: () => {
          if (current() && !this.deps.readOnly) this.activity();
        },
        lost: (message, failure) => {
          if (current()) void this.connectionLost(message, failure);
        },
        ended: (reason, detail) => {
          if (current()) this.close(reason, detail);
        },
      });
      this.connection = connection;
      const detail = await connection.ready;
      if (!current()) return;
      this.attempt = 0;
      this.setStatus({ status: 'connected', ...detail } as StatusFields<K>);
    } catch (error) {
      connection?.close();
      if (!current()) return;
      this.connection = undefined;
      const { failure, final, detail }: ConnectFailure<K> =
        error instanceof UnusableConnectionError
          ? { failure: error.failure as SessionFailureOf<K>, final: true }
          : protocol.failureOf(error);
      if (final) this.setStatus({ status: 'failed', failure, ...sentenceOf(error), ...detail } as StatusFields<K>);
      else await this.connectionLost(sentenceOf(error), failure);
    }
  }
}
