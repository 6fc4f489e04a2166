import { englishMessage, type MessageRef } from '../../../shared/i18n/message';
import type { RdpErrorKind } from '../../../shared/rdp/rdp-events';

/**
 * Every failure of an RDP session says what happened and what the user can do about it, composed
 * from the `messages` catalogue: the key travels with the session status, so the reader sees it in
 * their language.
 */
export abstract class RdpError extends Error {
  abstract readonly kind: RdpErrorKind;
  readonly localized: MessageRef;
  constructor(localized: MessageRef, options?: { cause?: unknown }) {
    super(englishMessage(localized), options);
    this.localized = localized;
  }
}

export class ConnectionRefused extends RdpError {
  override readonly name = 'ConnectionRefused';
  readonly kind = 'connection-refused';
  constructor(
    readonly host: string,
    readonly port: number,
    cause?: unknown,
  ) {
    super({ key: 'rdp.refused', params: { host, port } }, { cause });
  }
}

/** Timeouts, unreachable hosts, resets before TLS: the network, not the desktop. */
export class ConnectionFailed extends RdpError {
  override readonly name = 'ConnectionFailed';
  readonly kind = 'connection-failed';
  constructor(
    readonly host: string,
    readonly port: number,
    detail: string,
    cause?: unknown,
  ) {
    super({ key: 'rdp.unreachable', params: { host, port, detail } }, { cause });
  }
}

export class TlsFailure extends RdpError {
  override readonly name = 'TlsFailure';
  readonly kind = 'tls-failure';
  constructor(
    readonly host: string,
    readonly port: number,
    detail: string,
    cause?: unknown,
  ) {
    super({ key: 'rdp.tlsFailed', params: { host, port, detail } }, { cause });
  }
}

/** The server's certificate is not the one pinned on first use: credentials were not sent. */
export class CertificateChanged extends RdpError {
  override readonly name = 'CertificateChanged';
  readonly kind = 'certificate-changed';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly expectedSha256: string,
    readonly actualSha256: string,
  ) {
    super({ key: 'rdp.certificateChanged', params: { host, port, expected: expectedSha256, received: actualSha256 } });
  }
}

/** The trust-on-first-use step refused the certificate or could not store it. */
export class CertificateNotTrusted extends RdpError {
  override readonly name = 'CertificateNotTrusted';
  readonly kind = 'certificate-not-trusted';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly actualSha256: string,
    cause: unknown,
  ) {
    super(
      {
        key: 'rdp.certificateNotTrusted',
        params: { host, port, received: actualSha256, detail: (cause as Error)?.message ?? String(cause) },
      },
      { cause },
    );
  }
}

export class LoginFailed extends RdpError {
  override readonly name = 'LoginFailed';
  readonly kind = 'login-failed';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly user: string,
    /** How it was noticed: xrdp's own log window on screen, or no desktop before the deadline. */
    readonly evidence: 'xrdp-login-window' | 'timeout',
    timeoutMs: number,
  ) {
    super(
      evidence === 'xrdp-login-window'
        ? { key: 'rdp.loginWindow', params: { host, port, user } }
        : { key: 'rdp.loginTimeout', params: { host, port, user, seconds: Math.round(timeoutMs / 1000) } },
    );
  }
}

/** The server said something the client could not follow, or ended the connection early. */
export class ProtocolFailure extends RdpError {
  override readonly name = 'ProtocolFailure';
  readonly kind = 'protocol-failure';
  constructor(
    readonly host: string,
    readonly port: number,
    detail: string,
    cause?: unknown,
  ) {
    super({ key: 'rdp.protocolFailed', params: { host, port, detail } }, { cause });
  }
}
