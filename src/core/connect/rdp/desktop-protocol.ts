import type { SessionDetailOf, SessionInputOf, SessionSizeOf } from '../../../shared/contract/session-calls';
import { sentenceOf } from '../../api/user-error';
import { failureByKind, UnusableConnectionError, type ConnectContext, type LiveConnection, type SessionProtocol } from '../live-connection';
import type { HostKeyPins } from '../ssh/host-key-pins';
import { DesktopKeys } from './desktop-keys';
import { FrameBatcher, type FrameBatcherOptions } from './frame-batcher';
import { labCertificatePin } from './lab-certificate-pin';
import { RdpError } from './rdp-errors';
import { RdpSession, type RdpConnectOptions } from './rdp-session';

/** The part of RdpSession a desktop uses (a test may hand in its own). */
export type RdpConnector = (options: RdpConnectOptions) => Pick<RdpSession, 'on' | 'ready' | 'close' | 'input' | 'state' | 'error'>;

export interface DesktopProtocolOptions {
  readonly pins: HostKeyPins;
  readonly connect?: RdpConnector;
  readonly bpp?: 16 | 24;
  readonly frames?: Pick<FrameBatcherOptions, 'windowBytes' | 'intervalMs' | 'maxRects'>;
  /** A resize reconnects; wait this long for the pane to settle first. Default 500 ms. */
  readonly resizeSettleMs?: number;
}

/** Failures a retry cannot fix: the learner must act (check the password, tell the instructor). */
const FINAL_FAILURES = new Set(['certificate-changed', 'certificate-not-trusted', 'login-failed', 'tls-failure']);

/**
 * Some servers and codecs want the desktop width to be a multiple of 4 (FreeRDP rounds it the
 * same way); the UI scales whatever size it gets.
 */
export const desktopWidthFor = (width: number): number => Math.max(200, width - (width % 4));

/**
 * A Desktop tab: an RDP session into a lab connection, its pixels batched and coalesced into
 * frame messages by a FrameBatcher, its input by physical key (DesktopKeys). A new size is a new
 * connection. Input counts as activity; frames do not: the lab desktop's clock redraws every
 * second, and a desktop left open and untouched must still suspend.
 */
export function desktopProtocol(options: DesktopProtocolOptions): SessionProtocol<'desktop'> {
  return {
    kind: 'desktop',
    noun: 'desktop',
    windowBytes: options.frames?.windowBytes ?? 3 * 1024 * 1024,
    resizeSettleMs: options.resizeSettleMs ?? 500,
    accepts: (message): message is SessionInputOf<'desktop'> => message.t === 'desktop-input' || message.t === 'desktop-action',
    isActivity: () => true,
    connect: (context) => new DesktopConnection(context, options),
    failureOf: (error) =>
      failureByKind<'desktop', RdpError>(error, RdpError, FINAL_FAILURES, (failed) => {
        const { expectedSha256, actualSha256 } = failed as RdpError & { expectedSha256?: string; actualSha256?: string };
        return { expectedSha256, actualSha256 };
      }),
  };
}

/** Why this connection cannot be a remote desktop, or undefined when it can. */
function unusable({ request, target }: ConnectContext<'desktop'>): string | undefined {
  const { courseId, connection } = request;
  if (target.protocol !== 'rdp')
    return `Connection "${connection}" of course "${courseId}" is ${target.protocol}, not rdp: open it in the Terminal tab.`;
  if (target.jump !== undefined)
    return `Connection "${connection}" of course "${courseId}" goes through a jump host, which the remote desktop does not support yet.`;
  if (!target.password)
    return `The lab gives no password for "${connection}" (course "${courseId}"): its template must publish one as the connection's password output.`;
  return undefined;
}

class DesktopConnection implements LiveConnection<'desktop'> {
  readonly ready: Promise<SessionDetailOf<'desktop'>>;
  private readonly rdp: ReturnType<RdpConnector>;
  private readonly frames: FrameBatcher;
  private readonly keys: DesktopKeys;
  private closed = false;

  constructor(context: ConnectContext<'desktop'>, options: DesktopProtocolOptions) {
    const problem = unusable(context);
    if (problem) throw new UnusableConnectionError<'desktop'>(problem, 'protocol-failure');
    const { target, request } = context;
    const width = desktopWidthFor(request.width);
    const height = request.height;
    const rdp = (options.connect ?? RdpSession.connect)({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password!,
      width,
      height,
      bpp: options.bpp ?? 24,
      pin: labCertificatePin(target, request.connection, options.pins),
      logger: context.logger,
    });
    this.rdp = rdp;
    this.keys = new DesktopKeys((event) => {
      if (rdp.state === 'ready') rdp.input(event);
    });
    this.frames = new FrameBatcher(width, height, { ...options.frames, send: (frame) => context.send(frame) });
    if (context.hasStream()) this.frames.attach();
    rdp.on('bitmap', (rect) => {
      if (!this.closed) this.frames.paint(rect);
    });
    let ready = false;
    rdp.on('close', () => {
      // Before ready, ready() rejects and the session handles that.
      if (ready)
        context.lost(
          rdp.error ? sentenceOf(rdp.error) : `The remote desktop of ${request.connection} closed the connection.`,
          rdp.error?.kind ?? 'disconnected',
        );
    });
    this.ready = rdp.ready().then(() => {
      ready = true;
      return { width, height };
    });
  }

  streamAttached(): void {
    this.frames.attach();
  }

  streamDetached(): void {
    this.frames.detach();
    // Keys the old window held would stay down on the remote side.
    this.keys.releaseAll();
  }

  ack(bytes: number): void {
    this.frames.ack(bytes);
  }

  input(message: SessionInputOf<'desktop'>): void {
    if (message.t === 'desktop-input') for (const event of message.events) this.keys.input(event);
    else if (message.action === 'ctrl-alt-del') this.keys.ctrlAltDel();
    else this.keys.releaseAll();
  }

  resize(size: SessionSizeOf<'desktop'>): 'done' | 'reconnect' {
    return this.frames.width === desktopWidthFor(size.width) && this.frames.height === size.height ? 'done' : 'reconnect';
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.keys.forget();
    this.frames.dispose();
    void this.rdp.close();
  }
}
