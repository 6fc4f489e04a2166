import type { TerminalStatusEvent } from '../../shared/ssh';
import { parseStreamUp } from '../../shared/stream';
import type { Logger } from '../log/logger';
import {
  SshError,
  SshSession,
  TerminalChannel,
  type HostKeyPins,
  type HostKeyPolicy,
  type SshConnectOptions,
  type TerminalChannelOptions,
} from '../connect/ssh';
import type { LabConnectionResolver, LabConnectionTarget, LabStateProbe } from './lab-terminal-target';
import type { ReconnectSchedule } from '../stream/reconnect-schedule';
import { ReconnectingSession } from '../stream/reconnecting-session';
import type { AttachedStream, StreamEndpoint } from '../stream/stream-endpoint';

export interface TerminalSessionDeps {
  readonly resolver: LabConnectionResolver;
  readonly labState: LabStateProbe;
  readonly hostKeys: HostKeyPins;
  readonly emitStatus: (event: TerminalStatusEvent) => void;
  readonly logger: Logger;
  readonly schedule?: ReconnectSchedule;
  readonly connect?: (options: SshConnectOptions) => Promise<SshSession>;
  /** While the lab is suspended, look this often whether someone resumed it. */
  readonly suspendedPollMs?: number;
  readonly channel?: TerminalChannelOptions;
}

export interface TerminalRequest {
  readonly courseId: string;
  readonly connection: string;
  cols: number;
  rows: number;
}

/** Failures a retry cannot fix: the learner must act (reset the lab, tell the instructor). */
const FINAL_FAILURES = new Set(['auth-failed', 'host-key-changed', 'host-key-mismatch']);

function hostKeyPolicy(target: LabConnectionTarget, connection: string, pins: HostKeyPins): HostKeyPolicy {
  return target.hostKeyFingerprint
    ? { kind: 'expected', fingerprint: target.hostKeyFingerprint }
    : { kind: 'pinned', pins, stackId: target.stackId, connection };
}

/**
 * One terminal tab: an SSH PTY shell into a lab connection that survives drops. It reconnects
 * with backoff; when the drop was the lab being suspended it says so and waits — resuming is the
 * learner's call, never ours. Output goes to whichever stream is attached (a reloaded page
 * attaches a new one); what arrives while none is attached waits in a backlog that flow control
 * keeps small (the SSH channel pauses once its window of unacknowledged bytes is full).
 */
export class TerminalSession extends ReconnectingSession<NonNullable<TerminalStatusEvent['failure']>> {
  private ssh: SshSession | undefined;
  private channel: TerminalChannel | undefined;
  private endpoint: StreamEndpoint | undefined;
  /** Bytes sent to the attached endpoint and not yet acknowledged by it. */
  private inFlight = 0;
  private backlog: Buffer[] = [];
  private lastStatus: TerminalStatusEvent;

  constructor(
    readonly id: string,
    private readonly request: TerminalRequest,
    private readonly deps: TerminalSessionDeps,
  ) {
    super({ courseId: request.courseId, labState: (courseId) => deps.labState.state(courseId), schedule: deps.schedule, suspendedPollMs: deps.suspendedPollMs });
    this.lastStatus = { terminalId: id, status: 'connecting' };
  }

  get courseId(): string {
    return this.request.courseId;
  }

  get status(): TerminalStatusEvent {
    return this.lastStatus;
  }

  start(): void {
    void this.connect();
  }

  attach(endpoint: StreamEndpoint): AttachedStream {
    this.releaseEndpoint('another window took over this terminal');
    this.endpoint = endpoint;
    endpoint.sendControl({ t: 'ready', sessionId: this.id, window: this.deps.channel?.highWatermark ?? 1024 * 1024 });
    const waiting = this.backlog;
    this.backlog = [];
    for (const chunk of waiting) this.send(chunk);
    return {
      receive: (raw) => {
        if (this.endpoint !== endpoint) return;
        const parsed = parseStreamUp(raw);
        if (!parsed.ok) {
          this.deps.logger.warn('terminal stream message refused', { session: this.id, error: parsed.error });
          return;
        }
        const message = parsed.value;
        if (message.t === 'input') this.channel?.write(message.data);
        else if (message.t === 'ack') {
          const bytes = Math.min(message.bytes, this.inFlight);
          this.inFlight -= bytes;
          this.channel?.ack(bytes);
        }
      },
      detach: () => {
        if (this.endpoint === endpoint) this.releaseEndpoint();
      },
    };
  }

  hasStream(): boolean {
    return this.endpoint !== undefined;
  }

  resize(cols: number, rows: number): void {
    this.request.cols = cols;
    this.request.rows = rows;
    this.channel?.resize(cols, rows);
  }

  /** The learner asked to try again now (after a failure, or once the lab is resumed). */
  reconnectNow(): void {
    if (this.closed) return;
    this.dropConnection();
    this.attempt = 0;
    void this.connect();
  }

  close(reason = 'The terminal was closed.', exitCode?: number): void {
    if (this.closed) return;
    this.closed = true;
    this.dropConnection();
    this.setStatus({ status: 'closed', message: reason, ...(exitCode !== undefined ? { exitCode } : {}) });
    this.endpoint?.sendControl({ t: 'end', reason });
    this.releaseEndpoint();
  }

  isClosed(): boolean {
    return this.closed;
  }

  private releaseEndpoint(reason?: string): void {
    const endpoint = this.endpoint;
    if (!endpoint) return;
    this.endpoint = undefined;
    // What the old consumer never acknowledged is gone with it: give the window back.
    this.channel?.ack(this.inFlight);
    this.inFlight = 0;
    if (reason) endpoint.sendControl({ t: 'end', reason });
    endpoint.close();
  }

  private send(chunk: Buffer): void {
    if (!this.endpoint) {
      this.backlog.push(chunk);
      return;
    }
    this.inFlight += chunk.length;
    this.endpoint.sendData(chunk);
  }

  protected setStatus(status: Omit<TerminalStatusEvent, 'terminalId'>): void {
    this.lastStatus = { terminalId: this.id, ...status };
    this.deps.emitStatus(this.lastStatus);
  }

  private dropConnection(): void {
    this.cancelAttempts();
    this.channel?.close();
    this.channel = undefined;
    this.ssh?.close();
    this.ssh = undefined;
  }

  protected async connect(): Promise<void> {
    const generation = ++this.generation;
    const current = (): boolean => !this.closed && generation === this.generation;
    this.setStatus({ status: this.attempt === 0 ? 'connecting' : 'reconnecting' });
    let ssh: SshSession | undefined;
    try {
      const target = await this.deps.resolver.resolve(this.request.courseId, this.request.connection);
      if (!current()) return;
      const auth = { privateKey: target.privateKey, passphrase: target.passphrase, password: target.password };
      ssh = await (this.deps.connect ?? SshSession.connect)({
        host: target.host,
        port: target.port,
        username: target.user,
        auth,
        hostKey: hostKeyPolicy(target, this.request.connection, this.deps.hostKeys),
        jump: target.jump
          ? {
              host: target.jump.host,
              port: target.jump.port,
              username: target.jump.user,
              auth: { privateKey: target.jump.privateKey, passphrase: target.jump.passphrase, password: target.jump.password },
              hostKey: hostKeyPolicy({ ...target.jump, stackId: target.stackId }, `${this.request.connection}-jump`, this.deps.hostKeys),
            }
          : undefined,
        logger: this.deps.logger,
      });
      if (!current()) {
        ssh.close();
        return;
      }
      const stream = await ssh.shell({ cols: this.request.cols, rows: this.request.rows });
      if (!current()) {
        ssh.close();
        return;
      }
      this.ssh = ssh;
      const channel = new TerminalChannel(stream, (data) => this.send(data), this.deps.channel);
      this.channel = channel;
      channel.onClose((exitCode) => {
        if (!current()) return;
        if (exitCode !== undefined) this.close(`The shell on ${this.request.connection} ended (exit status ${exitCode}).`, exitCode);
      });
      ssh.onClose((error) => {
        if (current() && error) void this.connectionLost(error.message, 'disconnected');
      });
      this.attempt = 0;
      this.setStatus({ status: 'connected' });
    } catch (error) {
      ssh?.close();
      if (!current()) return;
      if (error instanceof SshError && FINAL_FAILURES.has(error.kind)) {
        const detail = error as SshError & { expectedFingerprint?: string; receivedFingerprint?: string };
        this.setStatus({
          status: 'failed',
          failure: error.kind,
          message: error.message,
          expectedFingerprint: detail.expectedFingerprint,
          receivedFingerprint: detail.receivedFingerprint,
        });
        return;
      }
      await this.connectionLost(error instanceof Error ? error.message : String(error), error instanceof SshError ? error.kind : 'disconnected');
    }
  }

  protected release(): void {
    this.channel = undefined;
    this.ssh?.close();
    this.ssh = undefined;
  }
}
