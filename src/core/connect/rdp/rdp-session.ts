import { EventEmitter } from 'node:events';
import type { PeerCertificate } from 'node:tls';
import type { RdpInputEvent } from '../../../shared/rdp/rdp-events';
import { silentLogger, type Logger } from '../../log/logger';
import { BitmapDecoder, type RawBitmap } from '../../../shared/rdp/bitmap-decoder';
import { certificateSha256, checkPin, type CertificatePin } from './certificate-pin';
import { DeferredRect } from './deferred-rect';
import { LoginWatch } from './login-watch';
import { classifyRdpjsError, closedEarly, type ConnectionPhase } from './rdp-error-mapping';
import { ConnectionFailed, LoginFailed, TlsFailure, type RdpError } from './rdp-errors';
import { createRdpjsClient, type RdpjsBitmap, type RdpjsClient } from './rdpjs-client';

export interface RdpConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly domain?: string;
  readonly width: number;
  readonly height: number;
  readonly bpp: 16 | 24;
  readonly pin: CertificatePin;
  /** TCP connect + TLS handshake, not counting time spent in `pin.onFirstUse`. Default 15 s. */
  readonly connectTimeoutMs?: number;
  /** From sending the login to a painted desktop. Default 30 s (a new X session takes ~2 s here). */
  readonly loginTimeoutMs?: number;
  readonly logger?: Logger;
}

export interface RdpSessionEvents {
  /** The desktop is on screen: the login worked. */
  ready: [];
  /**
   * A rectangle, cropped, RGBA top-down; its `rgba` buffer (decoded on first read) is the
   * listener's to keep or transfer. A framebuffer takes it with `drawInto`, without that buffer.
   */
  bitmap: [DeferredRect];
  error: [RdpError];
  /** Emitted once, after `error` when there was one. */
  close: [];
}

export type RdpSessionState = 'connecting' | 'ready' | 'closed';
type Phase = ConnectionPhase;

/** ready() was waiting when close() was called. */
export class SessionClosedBeforeReady extends Error {
  override readonly name = 'SessionClosedBeforeReady';
  constructor() {
    super('The remote desktop session was closed before it was ready.');
  }
}

const BUTTONS = { left: 1, right: 2, middle: 3 } as const;

/**
 * One RDP connection (TLS, node-rdpjs-2 with patches/node-rdpjs-2+0.3.5.patch) to a lab's
 * desktop: certificate pinned before the login, bitmaps decoded by our own decoder, typed
 * errors. A reconnection (new size, dropped network) is a new session.
 */
export class RdpSession extends EventEmitter<RdpSessionEvents> {
  private readonly client: RdpjsClient;
  private readonly decoder = new BitmapDecoder();
  private readonly loginWatch: LoginWatch;
  private readonly log: Logger;
  private phase: Phase = 'tcp';
  private failure: RdpError | undefined;
  private timer: NodeJS.Timeout | undefined;
  private peerSha256: string | undefined;
  private readonly settled: Promise<void>;
  private settle!: (error?: Error) => void;

  static connect(options: RdpConnectOptions): RdpSession {
    return new RdpSession(options);
  }

  private constructor(private readonly options: RdpConnectOptions) {
    super();
    this.log = (options.logger ?? silentLogger).child('rdp');
    this.loginWatch = new LoginWatch(options.width, options.height);
    this.settled = new Promise<void>((resolve, reject) => {
      this.settle = (error) => (error ? reject(error) : resolve());
    });
    this.settled.catch(() => undefined); // ready() hands the failure to whoever asks
    this.client = createRdpjsClient({
      userName: options.user,
      password: options.password,
      domain: options.domain,
      autoLogin: true,
      decompress: false,
      screen: { width: options.width, height: options.height },
      colorDepth: options.bpp,
      logLevel: 'ERROR',
      onSecure: (certificate) => this.verifyCertificate(certificate),
    });
    const socket = this.client.bufferLayer.socket;
    socket.setNoDelay(true); // input events are tiny: no Nagle delay
    socket.once('connect', () => this.enter('tls'));
    this.client
      .on('bitmap', (bitmap) => this.onBitmap(bitmap))
      .on('error', (error) => this.fail(classifyRdpjsError(error, this.phase, options.host, options.port)))
      .on('close', () => this.onClosed());
    this.startTimer(options.connectTimeoutMs ?? 15_000, () =>
      this.phase === 'tcp'
        ? new ConnectionFailed(options.host, options.port, `no answer within ${(options.connectTimeoutMs ?? 15_000) / 1000} s`)
        : new TlsFailure(options.host, options.port, 'no TLS handshake in time (is this an RDP server with TLS enabled?)'),
    );
    this.client.connect(options.host, options.port);
  }

  get state(): RdpSessionState {
    return this.phase === 'ready' ? 'ready' : this.phase === 'closed' ? 'closed' : 'connecting';
  }

  /** SHA-256 (DER, lowercase hex) of the server's certificate, once the TLS handshake is done. */
  get certificateSha256(): string | undefined {
    return this.peerSha256;
  }

  /** Resolves when the desktop is on screen; rejects with the RdpError that ended the session. */
  ready(): Promise<void> {
    return this.settled;
  }

  /** Ends the session: TLS close_notify, then the socket; resolves once it is closed. */
  async close(): Promise<void> {
    if (this.phase === 'closed') return;
    this.finish();
    this.settle(new SessionClosedBeforeReady());
    await this.shutDown();
    this.emit('close');
  }

  input(event: RdpInputEvent): void {
    switch (event.type) {
      case 'mouse-move':
        return this.mouseMove(event.x, event.y);
      case 'mouse-button':
        return this.mouseButton(event.button, event.pressed, event.x, event.y);
      case 'wheel':
        return this.wheel(event.x, event.y, event.delta, event.horizontal);
      case 'key':
        return this.key(event.scancode, event.pressed, event.extended);
      case 'unicode':
        return this.unicode(event.codePoint, event.pressed);
    }
  }

  mouseMove(x: number, y: number): void {
    this.client.sendPointerEvent(x, y, 0, false);
  }

  mouseButton(button: keyof typeof BUTTONS, pressed: boolean, x: number, y: number): void {
    this.client.sendPointerEvent(x, y, BUTTONS[button], pressed);
  }

  /**
   * `delta` in wheel units (120 a notch), positive = up / right. MS-RDPBCGR 2.2.8.1.1.3.1.1.3:
   * the rotation is a 9-bit two's complement number whose sign bit is PTRFLAGS_WHEEL_NEGATIVE.
   */
  wheel(x: number, y: number, delta: number, horizontal = false): void {
    if (delta === 0) return;
    const clamped = Math.max(-255, Math.min(255, Math.round(delta)));
    this.client.sendWheelEvent(x, y, clamped & 0x1ff, clamped < 0, horizontal);
  }

  /** A physical key by PC/AT set-1 scancode; `extended` for E0-prefixed keys. */
  key(scancode: number, pressed: boolean, extended = false): void {
    this.client.sendKeyEventScancode(scancode, pressed, extended);
  }

  /** A character by code point; beyond the BMP it goes as its two UTF-16 code units. */
  unicode(codePoint: number, pressed: boolean): void {
    for (const unit of String.fromCodePoint(codePoint)) {
      for (let i = 0; i < unit.length; i++) this.client.sendKeyEventUnicode(unit.charCodeAt(i), pressed);
    }
  }

  private async verifyCertificate(certificate: PeerCertificate): Promise<boolean> {
    const { host, port, pin } = this.options;
    if (this.phase === 'closed') return false;
    this.enter('certificate');
    this.stopTimer(); // onFirstUse may wait for the learner
    let sha256: string;
    try {
      sha256 = certificateSha256(certificate);
    } catch (error) {
      this.fail(new TlsFailure(host, port, (error as Error).message, error));
      return false;
    }
    this.peerSha256 = sha256;
    const refusal = await checkPin(pin, sha256, host, port);
    if (refusal) {
      this.log.warn('certificate refused; login not sent', { host, port, sha256, kind: refusal.kind });
      this.fail(refusal);
      return false;
    }
    if (this.phase !== 'certificate') return false; // closed meanwhile
    this.enter('login');
    const loginTimeout = this.options.loginTimeoutMs ?? 30_000;
    this.startTimer(loginTimeout, () => new LoginFailed(host, port, this.options.user, 'timeout', loginTimeout));
    return true;
  }

  private onBitmap(bitmap: RdpjsBitmap): void {
    if (this.phase === 'closed') return;
    let rect: DeferredRect;
    const skipped = (error: Error): void => {
      // One undecodable rectangle leaves a stale patch on screen; it is not worth the session.
      this.log.warn('bitmap skipped', { error: error.message, bpp: bitmap.bitsPerPixel });
    };
    try {
      // Decoded when a listener asks, straight into its framebuffer if it keeps one (deferred-rect.ts).
      rect = new DeferredRect(toRawBitmap(bitmap), this.decoder, skipped);
    } catch (error) {
      skipped(error as Error);
      return;
    }
    if (this.phase === 'login') {
      const verdict = this.loginWatch.observe(rect);
      if (verdict === 'xrdp-login-window') {
        const { host, port, user } = this.options;
        this.fail(new LoginFailed(host, port, user, 'xrdp-login-window', this.options.loginTimeoutMs ?? 30_000));
        return;
      }
      this.emit('bitmap', rect);
      if (verdict === 'desktop') {
        this.enter('ready');
        this.stopTimer();
        this.settle();
        this.emit('ready');
      }
      return;
    }
    this.emit('bitmap', rect);
  }

  private onClosed(): void {
    if (this.phase === 'closed') return;
    if (this.phase !== 'ready') {
      this.fail(closedEarly(this.phase, this.options.host, this.options.port));
      return;
    }
    this.finish();
    this.settle(new SessionClosedBeforeReady());
    this.emit('close');
  }

  private fail(error: RdpError): void {
    if (this.phase === 'closed') return;
    this.failure = error;
    this.log.info('rdp session failed', { kind: error.kind, message: error.message });
    this.finish();
    this.settle(error);
    // Without listeners an 'error' event would throw; ready() still reports it.
    if (this.listenerCount('error') > 0) this.emit('error', error);
    void this.shutDown().then(() => this.emit('close'));
  }

  /** The error that ended the session, if one did. */
  get error(): RdpError | undefined {
    return this.failure;
  }

  private finish(): void {
    this.enter('closed');
    this.stopTimer();
  }

  private enter(phase: Phase): void {
    if (this.phase !== 'closed') this.phase = phase;
  }

  private startTimer(ms: number, error: () => RdpError): void {
    this.stopTimer();
    this.timer = setTimeout(() => this.fail(error()), ms);
  }

  private stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Orderly TLS close when possible; the socket is destroyed if the server does not answer in 2 s. */
  private shutDown(): Promise<void> {
    const { socket, secureSocket } = this.client.bufferLayer;
    if (socket.destroyed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const force = setTimeout(() => socket.destroy(), 2_000);
      socket.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      // node-rdpjs closes down its layers once connected (the patch makes that end TLS);
      // before that, end TLS ourselves, or drop a plain socket.
      if (this.client.connected) this.client.close();
      else if (secureSocket && !secureSocket.destroyed) secureSocket.end();
      else socket.destroy();
      this.client.connected = false;
    });
  }
}

function toRawBitmap(bitmap: RdpjsBitmap): RawBitmap {
  return {
    destLeft: bitmap.destLeft,
    destTop: bitmap.destTop,
    destRight: bitmap.destRight,
    destBottom: bitmap.destBottom,
    width: bitmap.width,
    height: bitmap.height,
    bitsPerPixel: bitmap.bitsPerPixel,
    isCompress: Boolean(bitmap.isCompress),
    data: bitmap.data,
  };
}
