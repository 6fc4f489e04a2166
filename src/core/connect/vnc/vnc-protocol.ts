import type { SessionDetailOf, SessionInputOf } from '../../../shared/contract/session-calls';
import { sentenceOf } from '../../api/user-error';
import { failureByKind, UnusableConnectionError, type ConnectContext, type LiveConnection, type SessionProtocol } from '../live-connection';
import { labCertificatePin } from '../rdp/lab-certificate-pin';
import type { HostKeyPins } from '../ssh/host-key-pins';
import { RfbClientConversation } from './rfb-client-conversation';
import { rfbServerHandshake, type RfbServerOptions, type RfbServerSession } from './rfb-server-handshake';
import { VncError } from './vnc-errors';

export interface VncProtocolOptions {
  readonly pins: HostKeyPins;
  /** How to reach the server (a test may hand in its own). */
  readonly handshake?: (options: RfbServerOptions) => Promise<RfbServerSession>;
  /** The stream's window: the server is paused past it. Default 2 MiB (resumed below a quarter). */
  readonly windowBytes?: number;
  readonly handshakeTimeoutMs?: number;
}

/** Failures a retry cannot fix: the learner must act (reset the lab, tell the instructor). */
const FINAL_FAILURES = new Set([
  'auth-failed',
  'certificate-changed',
  'certificate-not-trusted',
  'not-vnc',
  'security-unsupported',
  'tls-failure',
  'protocol-failure',
]);

/** Server output held back while the idle connection waits for a window (a clipboard change or two). */
const MAX_IDLE_BYTES = 256 * 1024;

/**
 * A VNC tab: the app connects to the lab's VNC server and does its security handshake (password,
 * VeNCrypt TLS with the certificate pinned per lab), and the UI's RFB client (noVNC) does the rest
 * over the session's stream. An RFB conversation cannot be handed from one client to another
 * mid-way, so each stream that attaches gets a conversation of its own on a fresh server
 * connection (the first one is the connection that made the session `connected`); a stream that
 * goes ends its conversation. The learner's keys, pointer and clipboard are activity; the server's
 * updates are not (the desktop's clock redraws every second).
 */
export function vncProtocol(options: VncProtocolOptions): SessionProtocol<'vnc'> {
  return {
    kind: 'vnc',
    noun: 'desktop',
    windowBytes: options.windowBytes ?? 2 * 1024 * 1024,
    dropsReadOnlyInput: true,
    accepts: (message): message is SessionInputOf<'vnc'> => message.t === 'vnc-data',
    // Only the client's messages tell: the connection reports the learner's input itself.
    isActivity: () => false,
    connect: (context) => new VncConnection(context, options),
    failureOf: (error) =>
      failureByKind<'vnc', VncError>(error, VncError, FINAL_FAILURES, (failed) => ({
        expectedSha256: failed.expectedSha256,
        actualSha256: failed.actualSha256,
      })),
  };
}

function unusable({ request, target }: ConnectContext<'vnc'>): string | undefined {
  const { courseId, connection } = request;
  if (target.protocol !== 'vnc')
    return `Connection "${connection}" of course "${courseId}" is ${target.protocol ?? 'not vnc'}, not vnc: open it in its own tab.`;
  return undefined;
}

class VncConnection implements LiveConnection<'vnc'> {
  readonly ready: Promise<SessionDetailOf<'vnc'>>;
  /** A server connection past its handshake that no conversation has used yet. */
  private idle: RfbServerSession | undefined;
  private conversation: RfbClientConversation | undefined;
  /** The first connection (the one `ready` waits for) is made: later conversations make their own. */
  private firstMade = false;
  /** Bumped by every stream that attaches or goes: a handshake finishing for an older one is dropped. */
  private turn = 0;
  private closed = false;
  private readonly serverOptions: RfbServerOptions;

  constructor(
    private readonly context: ConnectContext<'vnc'>,
    private readonly options: VncProtocolOptions,
  ) {
    const problem = unusable(context);
    if (problem) throw new UnusableConnectionError<'vnc'>(problem, 'protocol-failure');
    const { target, request } = context;
    this.serverOptions = {
      host: target.host,
      port: target.port,
      ...(target.password ? { password: target.password } : {}),
      pin: labCertificatePin(target, request.connection, options.pins, target.vncCertSha256),
      ...(options.handshakeTimeoutMs ? { timeoutMs: options.handshakeTimeoutMs } : {}),
    };
    this.ready = this.handshake().then((server) => {
      if (this.closed) {
        server.close();
        throw new VncError('connection-failed', { key: 'vnc.closedBeforeReady' });
      }
      this.firstMade = true;
      this.keepIdle(server);
      // A stream is there (it attached meanwhile, or it showed the connection before a drop): it talks to this one.
      if (context.hasStream()) this.converse(true);
      return { width: server.width, height: server.height, desktopName: server.desktopName.slice(0, 256), encrypted: server.encrypted };
    });
  }

  streamAttached(): void {
    this.turn += 1;
    this.endConversation();
    this.converse(false);
  }

  streamDetached(): void {
    this.turn += 1;
    this.endConversation();
  }

  ack(bytes: number): void {
    this.conversation?.ack(bytes);
  }

  input(message: SessionInputOf<'vnc'>): void {
    this.conversation?.receive(Buffer.from(message.data, 'base64'));
  }

  resize(): 'done' {
    // The UI's client asks the server itself (SetDesktopSize).
    return 'done';
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.turn += 1;
    this.endConversation();
    this.dropIdle();
  }

  private handshake(): Promise<RfbServerSession> {
    return (this.options.handshake ?? rfbServerHandshake)(this.serverOptions);
  }

  /**
   * Starts a conversation with the attached stream: on the idle connection, or on a new one.
   * `restart`: the stream may have shown another conversation, so its client is told to start over.
   */
  private converse(restart: boolean): void {
    if (this.closed) return;
    const server = this.idle;
    if (server) {
      this.idle = undefined;
      this.forgetIdle(server);
      this.begin(server, restart);
      return;
    }
    // The first connection is still being made: `ready` starts the conversation.
    if (!this.firstMade) return;
    const turn = this.turn;
    this.handshake().then(
      (fresh) => {
        if (this.closed || turn !== this.turn || !this.context.hasStream()) return fresh.close();
        this.begin(fresh, true);
      },
      (error: unknown) => {
        if (!this.closed && turn === this.turn) this.lose(error);
      },
    );
  }

  private begin(server: RfbServerSession, restart: boolean): void {
    if (restart) this.context.restartOutput();
    const windowBytes = this.options.windowBytes ?? 2 * 1024 * 1024;
    const conversation = new RfbClientConversation(server, {
      send: (data) => this.context.send(data),
      onInput: () => this.context.activity(),
      onEnd: (error) => {
        if (this.conversation === conversation) this.conversation = undefined;
        this.lose(error);
      },
      readOnly: this.context.readOnly,
      highWatermark: windowBytes,
      lowWatermark: Math.floor(windowBytes / 4),
    });
    this.conversation = conversation;
    // After it is ours: the client may answer the greeting before `start` returns.
    conversation.start();
  }

  private endConversation(): void {
    this.conversation?.close();
    this.conversation = undefined;
  }

  /** The connection went, or could not be made again: the session looks at the lab (suspended?) and connects again. */
  private lose(error: unknown): void {
    if (this.closed) return;
    const failure = error instanceof VncError ? error : undefined;
    this.context.lost(sentenceOf(error), failure && failure.kind !== 'closed-early' ? failure.kind : 'disconnected');
  }

  private readonly idleListeners = {
    data: (chunk: Buffer): void => {
      const server = this.idle;
      if (!server) return;
      const kept = Buffer.concat([server.leftover, chunk]);
      if (kept.length > MAX_IDLE_BYTES)
        this.idleLost(new VncError('protocol-failure', 'The VNC server sent too much to a connection no window shows.'));
      else this.idle = { ...server, leftover: kept };
    },
    close: (): void => this.idleLost(new VncError('closed-early', { key: 'vnc.serverClosed' })),
    error: (error: Error): void =>
      this.idleLost(new VncError('connection-failed', { key: 'vnc.connectionFailed', params: { detail: error.message } })),
  };

  /** Keeps a connection until a stream attaches; its going (the lab suspended under it) is a lost connection. */
  private keepIdle(server: RfbServerSession): void {
    this.idle = server;
    server.socket.on('data', this.idleListeners.data);
    server.socket.on('close', this.idleListeners.close);
    server.socket.on('error', this.idleListeners.error);
    server.socket.resume();
  }

  private forgetIdle(server: RfbServerSession): void {
    server.socket.off('data', this.idleListeners.data);
    server.socket.off('close', this.idleListeners.close);
    server.socket.off('error', this.idleListeners.error);
    server.socket.pause();
  }

  private dropIdle(): void {
    const server = this.idle;
    if (!server) return;
    this.idle = undefined;
    this.forgetIdle(server);
    server.socket.on('error', () => undefined);
    server.close();
  }

  private idleLost(error: VncError): void {
    if (!this.idle) return;
    this.dropIdle();
    this.lose(error);
  }
}
