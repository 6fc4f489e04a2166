import type { DesktopStatusEvent } from '../../shared/contract/desktop-calls';
import type { RdpInputEvent } from '../../shared/rdp/rdp-events';
import { parseStreamUp } from '../../shared/stream';
import type { HostKeyPins } from '../connect/ssh';
import { RdpError } from '../connect/rdp/rdp-errors';
import { RdpSession, type RdpConnectOptions } from '../connect/rdp/rdp-session';
import type { Logger } from '../log/logger';
import type { ReconnectSchedule } from '../stream/reconnect-schedule';
import { ReconnectingSession } from '../stream/reconnecting-session';
import type { AttachedStream, StreamEndpoint } from '../stream/stream-endpoint';
import { desktopCertificatePin, type DesktopLabAccess } from './desktop-lab-access';
import { DesktopKeys } from './desktop-keys';
import { FrameBatcher, type FrameBatcherOptions } from './frame-batcher';

/** The part of RdpSession a desktop uses (a test may hand in its own). */
export type RdpConnector = (options: RdpConnectOptions) => Pick<RdpSession, 'on' | 'ready' | 'close' | 'input' | 'state' | 'error'>;

export interface DesktopSessionDeps {
  readonly labs: DesktopLabAccess;
  readonly pins: HostKeyPins;
  readonly emitStatus: (event: DesktopStatusEvent) => void;
  /** The learner used the desktop (the idle-suspend dead-man's switch); called at most once per `activityThrottleMs`. */
  readonly onActivity?: (courseId: string) => void;
  readonly logger: Logger;
  readonly connect?: RdpConnector;
  readonly schedule?: ReconnectSchedule;
  readonly suspendedPollMs?: number;
  /** A resize reconnects; wait this long for the pane to settle first. Default 500 ms. */
  readonly resizeDebounceMs?: number;
  readonly activityThrottleMs?: number;
  readonly bpp?: 16 | 24;
  readonly frames?: Pick<FrameBatcherOptions, 'windowBytes' | 'intervalMs' | 'maxRects'>;
}

export interface DesktopRequest {
  readonly courseId: string;
  readonly connection: string;
  width: number;
  height: number;
}

/** Failures a retry cannot fix: the learner must act (reset the lab, check the password, tell the instructor). */
const FINAL_FAILURES = new Set(['certificate-changed', 'certificate-not-trusted', 'login-failed', 'tls-failure']);

/**
 * Some servers and codecs want the desktop width to be a multiple of 4 (FreeRDP rounds it the
 * same way); the UI scales whatever size it gets.
 */
export const desktopWidthFor = (width: number): number => Math.max(200, width - (width % 4));

/**
 * One Desktop tab: an RDP session into a lab connection that survives drops, pane resizes
 * (a reconnection at the new size) and lab suspends (it says so and waits for the learner's
 * Resume). Pixels go to whichever stream is attached, batched and coalesced by a FrameBatcher;
 * input comes back on the same stream.
 */
export class DesktopSession extends ReconnectingSession<NonNullable<DesktopStatusEvent['failure']>> {
  private rdp: ReturnType<RdpConnector> | undefined;
  private frames: FrameBatcher | undefined;
  private readonly keys: DesktopKeys;
  private resizeTimer: NodeJS.Timeout | undefined;
  private endpoint: StreamEndpoint | undefined;
  private lastActivity = -Infinity;
  private lastStatus: DesktopStatusEvent;

  constructor(
    readonly id: string,
    private readonly request: DesktopRequest,
    private readonly deps: DesktopSessionDeps,
  ) {
    super({ courseId: request.courseId, labState: (courseId) => deps.labs.state(courseId), schedule: deps.schedule, suspendedPollMs: deps.suspendedPollMs });
    this.lastStatus = { sessionId: id, status: 'connecting' };
    this.keys = new DesktopKeys((event) => {
      if (this.rdp?.state === 'ready') this.rdp.input(event);
    });
  }

  get courseId(): string {
    return this.request.courseId;
  }

  get status(): DesktopStatusEvent {
    return this.lastStatus;
  }

  start(): void {
    void this.connect();
  }

  attach(endpoint: StreamEndpoint): AttachedStream {
    this.releaseEndpoint('another window took over this desktop');
    this.endpoint = endpoint;
    endpoint.sendControl({ t: 'ready', sessionId: this.id, window: this.deps.frames?.windowBytes ?? 3 * 1024 * 1024 });
    this.frames?.attach();
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

  /** The pane's new size: reconnects at that size once no other resize came for a moment. */
  resize(width: number, height: number): void {
    this.request.width = width;
    this.request.height = height;
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => {
      const frames = this.frames;
      // Not connected (failed, suspended, between attempts): the next connection takes the new size.
      if (this.closed || !frames || (frames.width === desktopWidthFor(width) && frames.height === height)) return;
      this.deps.logger.info('desktop resized: reconnecting', { session: this.id, width, height });
      this.reconnectNow();
    }, this.deps.resizeDebounceMs ?? 500);
  }

  reconnectNow(): void {
    if (this.closed) return;
    this.dropConnection();
    this.attempt = 0;
    void this.connect(true);
  }

  close(reason = 'The desktop was closed.'): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.resizeTimer);
    this.dropConnection();
    this.setStatus({ status: 'closed', message: reason });
    this.endpoint?.sendControl({ t: 'end', reason });
    this.releaseEndpoint();
  }

  isClosed(): boolean {
    return this.closed;
  }

  private receive(raw: unknown): void {
    const parsed = parseStreamUp(raw);
    if (!parsed.ok) {
      this.deps.logger.warn('desktop stream message refused', { session: this.id, error: parsed.error });
      return;
    }
    const message = parsed.value;
    switch (message.t) {
      case 'ack':
        this.frames?.ack(message.bytes);
        return;
      case 'desktop-input':
        for (const event of message.events) this.keys.input(event as RdpInputEvent);
        this.activity();
        return;
      case 'desktop-action':
        if (message.action === 'ctrl-alt-del') this.keys.ctrlAltDel();
        else this.keys.releaseAll();
        this.activity();
        return;
      case 'input':
        this.deps.logger.warn('terminal input on a desktop stream ignored', { session: this.id });
        return;
    }
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
    this.frames?.detach();
    // Keys the old window held would stay down on the remote side.
    this.keys.releaseAll();
    if (reason) endpoint.sendControl({ t: 'end', reason });
    endpoint.close();
  }

  protected setStatus(status: Omit<DesktopStatusEvent, 'sessionId'>): void {
    this.lastStatus = { sessionId: this.id, ...status };
    this.deps.emitStatus(this.lastStatus);
  }

  private dropConnection(): void {
    this.cancelAttempts();
    this.keys.forget();
    this.frames?.dispose();
    this.frames = undefined;
    void this.rdp?.close();
    this.rdp = undefined;
  }

  protected async connect(resized = false): Promise<void> {
    const generation = ++this.generation;
    const current = (): boolean => !this.closed && generation === this.generation;
    this.setStatus(
      this.attempt === 0 && !resized
        ? { status: 'connecting' }
        : { status: 'reconnecting', ...(resized ? { message: 'Connecting again at the new size.' } : {}) },
    );
    const { courseId, connection } = this.request;
    let target;
    try {
      target = await this.deps.labs.resolve(courseId, connection);
    } catch (error) {
      if (current()) await this.connectionLost(error instanceof Error ? error.message : String(error), 'unavailable');
      return;
    }
    if (!current()) return;
    const refuse = (message: string): void => this.setStatus({ status: 'failed', failure: 'protocol-failure', message });
    if (target.protocol !== 'rdp') return refuse(`Connection "${connection}" of course "${courseId}" is ${target.protocol}, not rdp: open it in the Terminal tab.`);
    if (target.jump !== undefined) return refuse(`Connection "${connection}" of course "${courseId}" goes through a jump host, which the remote desktop does not support yet.`);
    if (!target.password) {
      return refuse(`The lab gives no password for "${connection}" (course "${courseId}"): its template must publish one as the connection's password output.`);
    }
    const width = desktopWidthFor(this.request.width);
    const height = this.request.height;
    const rdp = (this.deps.connect ?? RdpSession.connect)({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      width,
      height,
      bpp: this.deps.bpp ?? 24,
      pin: desktopCertificatePin(target, connection, this.deps.pins),
      logger: this.deps.logger,
    });
    this.rdp = rdp;
    this.keys.forget();
    const frames = new FrameBatcher(width, height, { ...this.deps.frames, send: (frame) => this.endpoint?.sendData(frame) });
    this.frames = frames;
    if (this.endpoint) frames.attach();
    rdp.on('bitmap', (rect) => {
      if (current()) frames.paint(rect);
    });
    let ready = false;
    rdp.on('close', () => {
      // Before ready, ready() rejects and the catch below handles it.
      if (ready && current()) void this.connectionLost(rdp.error?.message ?? `The remote desktop of ${connection} closed the connection.`, rdp.error?.kind ?? 'disconnected');
    });
    try {
      await rdp.ready();
      if (!current()) return;
      ready = true;
      this.attempt = 0;
      this.setStatus({ status: 'connected', width, height });
    } catch (error) {
      if (!current()) return;
      void rdp.close();
      if (error instanceof RdpError && FINAL_FAILURES.has(error.kind)) {
        const detail = error as RdpError & { expectedSha256?: string; actualSha256?: string };
        this.setStatus({ status: 'failed', failure: error.kind, message: error.message, expectedSha256: detail.expectedSha256, actualSha256: detail.actualSha256 });
        return;
      }
      await this.connectionLost(error instanceof Error ? error.message : String(error), error instanceof RdpError ? error.kind : 'disconnected');
    }
  }

  protected release(): void {
    this.frames?.dispose();
    this.frames = undefined;
    void this.rdp?.close();
    this.rdp = undefined;
  }
}
