import type { RdpErrorKind } from '../../../shared/rdp/rdp-events';

/** Every failure of an RDP session says what happened and what the user can do about it. */
export abstract class RdpError extends Error {
  abstract readonly kind: RdpErrorKind;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const where = (host: string, port: number) => `${host}:${port}`;

export class ConnectionRefused extends RdpError {
  override readonly name = 'ConnectionRefused';
  readonly kind = 'connection-refused';
  constructor(
    readonly host: string,
    readonly port: number,
    cause?: unknown,
  ) {
    super(
      `Nothing accepts RDP connections on ${where(host, port)} (connection refused): the lab's desktop service is not running yet, or the port is wrong.`,
      { cause },
    );
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
    super(`Could not reach the RDP server on ${where(host, port)}: ${detail}.`, { cause });
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
    super(`The RDP server on ${where(host, port)} did not complete a TLS connection: ${detail}.`, { cause });
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
    super(
      `The RDP server on ${where(host, port)} presents a different certificate than the first time ` +
        `(expected SHA-256 ${expectedSha256}, got ${actualSha256}). The password was not sent. ` +
        'If the lab was rebuilt this is expected — forget the old certificate for this lab; otherwise someone may be intercepting the connection.',
    );
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
      `The certificate of ${where(host, port)} (SHA-256 ${actualSha256}) was not accepted: ${(cause as Error)?.message ?? String(cause)}. The password was not sent.`,
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
        ? `xrdp on ${where(host, port)} did not log in "${user}": it showed its own Connection Log window instead of a desktop. ` +
            'Most likely the password is wrong (xrdp reports a failed login only on screen, never in the protocol), or the session could not start.'
        : `No desktop from ${where(host, port)} within ${Math.round(timeoutMs / 1000)} s of sending the login for "${user}". ` +
            'The password may be wrong (xrdp reports a failed login only on screen, never in the protocol), or the session is slow to start.',
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
    super(`The RDP connection to ${where(host, port)} failed: ${detail}.`, { cause });
  }
}
