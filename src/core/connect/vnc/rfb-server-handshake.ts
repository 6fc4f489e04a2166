import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { certificateSha256, normaliseSha256, type CertificatePin } from '../rdp/certificate-pin';
import { chooseSecurityType, chooseVeNCryptSubtype, needsUserLogin, SECURITY, securityName, type SecurityPlan } from './rfb-security';
import { SocketReader, SocketReadError } from './socket-reader';
import { connectError, VncError, where } from './vnc-errors';
import { vncAuthResponse, VNC_CHALLENGE_BYTES } from './vnc-password';

export interface RfbServerOptions {
  readonly host: string;
  readonly port: number;
  /** The VNC password, when the lab gives one; asked for only if the server wants it. */
  readonly password?: string;
  /** The rule for the server's X.509 certificate (VeNCrypt X509*): the template's hash, or trust on first use per lab. */
  readonly pin: CertificatePin;
  /** The whole handshake, from the TCP connect to the server's init message. */
  readonly timeoutMs?: number;
  /** How to open the TCP connection (a test may hand in its own). */
  readonly connect?: (host: string, port: number) => Socket;
}

/** A server connection past its security handshake, ready for the client's messages. */
export interface RfbServerSession {
  /** The TCP socket, or the TLS layer on it. */
  readonly socket: Duplex;
  /** RFC 6143 §7.3.2 ServerInit, as the server sent it (the UI's client gets it unchanged). */
  readonly serverInit: Buffer;
  /** What the server sent after ServerInit before anyone read it (a clipboard update). */
  readonly leftover: Buffer;
  readonly width: number;
  readonly height: number;
  readonly desktopName: string;
  readonly encrypted: boolean;
  close(): void;
}

const VERSION_PATTERN = /^RFB (\d{3})\.(\d{3})\n$/;
/** A server's reason text or desktop name longer than this is not a VNC server we can follow. */
const MAX_TEXT_BYTES = 64 * 1024;

/** Printable excerpt of what a non-RFB service answered, for the message. */
function excerpt(bytes: Buffer): string {
  const text = bytes
    .subarray(0, 40)
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, '.');
  return text.length > 0 ? `"${text}"` : 'nothing';
}

/**
 * Connects to a VNC server and does the RFB handshake up to ServerInit on the app's side:
 * protocol version, security (VeNCrypt with TLS where offered — the certificate checked before
 * the password goes out —, the VNC password, or none), ClientInit (shared, so other viewers stay).
 * What is left is the client's part, which the UI's RFB client does (RfbClientConversation).
 */
export async function rfbServerHandshake(options: RfbServerOptions): Promise<RfbServerSession> {
  const { host, port } = options;
  const raw = await openSocket(options);
  let socket: Duplex = raw;
  let reader = new SocketReader(raw, options.timeoutMs ?? 20_000);
  let encrypted = false;
  const fail = (error: unknown): never => {
    reader.release();
    socket.destroy();
    raw.destroy();
    throw translate(error, host, port);
  };
  try {
    const version = await readVersion(reader, host, port);
    raw.write(`RFB 003.00${version}\n`);
    const plan = await negotiateSecurity(reader, raw, version, host, port);
    if (plan.veNCrypt) {
      const chosen = await negotiateVeNCrypt(reader, raw, host, port);
      if (chosen.tls) {
        const status = await reader.readU8();
        if (status !== 1)
          throw new VncError('tls-failure', `The VNC server on ${where(host, port)} refused to start TLS (VeNCrypt status ${status}).`);
        const rest = reader.release();
        if (rest.length > 0)
          throw new VncError('protocol-failure', `The VNC server on ${where(host, port)} sent data before the TLS handshake.`);
        const secure = await startTls(raw, chosen.tls, options);
        socket = secure;
        encrypted = true;
        reader = new SocketReader(secure, options.timeoutMs ?? 20_000);
      }
      await authenticate(reader, socket, chosen.auth, options);
      await securityResult(reader, 8, host, port);
    } else {
      await authenticate(reader, socket, plan.auth, options);
      // 3.3 and 3.7 send no result after "None" (RFC 6143 §7.1.3).
      if (plan.auth === 'vnc' || version === 8) await securityResult(reader, version, host, port);
    }
    socket.write(Buffer.from([1])); // ClientInit: shared, so viewers already on the desktop stay.
    const head = await reader.read(24);
    const nameLength = head.readUInt32BE(20);
    if (nameLength > MAX_TEXT_BYTES)
      throw new VncError('protocol-failure', `The VNC server on ${where(host, port)} announced a desktop name of ${nameLength} bytes.`);
    const name = await reader.read(nameLength);
    const leftover = reader.release();
    // Held until someone listens (an idle connection, a conversation): flowing with no listener would drop bytes.
    socket.pause();
    const session = socket;
    return {
      socket: session,
      serverInit: Buffer.concat([head, name]),
      leftover,
      width: head.readUInt16BE(0),
      height: head.readUInt16BE(2),
      desktopName: name.toString('utf8'),
      encrypted,
      close: () => {
        session.destroy();
        raw.destroy();
      },
    };
  } catch (error) {
    return fail(error);
  }
}

function openSocket(options: RfbServerOptions): Promise<Socket> {
  const { host, port } = options;
  return new Promise((resolve, reject) => {
    const socket = (options.connect ?? ((h: string, p: number) => netConnect({ host: h, port: p })))(host, port);
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new VncError('connection-failed', { key: 'vnc.noAnswer', params: { host, port } }));
    }, options.timeoutMs ?? 20_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(connectError(host, port, error));
    });
  });
}

/** The server's ProtocolVersion; answers the minor version both speak (3, 7 or 8). */
async function readVersion(reader: SocketReader, host: string, port: number): Promise<3 | 7 | 8> {
  let greeting: Buffer;
  try {
    greeting = await reader.read(12);
  } catch (error) {
    if (error instanceof SocketReadError && error.partial.length > 0) throw notVnc(host, port, error.partial);
    if (error instanceof SocketReadError && error.reason === 'timeout')
      throw new VncError(
        'not-vnc',
        `The service on ${where(host, port)} said nothing: a VNC server greets first. Is the port right, or is it another service?`,
      );
    throw error;
  }
  const match = VERSION_PATTERN.exec(greeting.toString('latin1'));
  if (!match) throw notVnc(host, port, Buffer.concat([greeting, reader.unread()]));
  const major = Number(match[1]);
  const minor = Number(match[2]);
  // RealVNC 4/5 and Apple (3.889) speak 3.8 to others; 3.4 and 3.6 (UltraVNC) are 3.3.
  if (major > 3 || minor >= 8) return 8;
  return minor === 7 ? 7 : 3;
}

const notVnc = (host: string, port: number, answer: Buffer): VncError =>
  new VncError(
    'not-vnc',
    `The service on ${where(host, port)} is not a VNC server: it answered ${excerpt(answer)} instead of an RFB greeting. Check the connection's port.`,
  );

async function readFailureReason(reader: SocketReader): Promise<string> {
  try {
    return (await reader.readString(MAX_TEXT_BYTES)).trim();
  } catch {
    return '';
  }
}

/** The security type: the server's list (3.7, 3.8) or its choice (3.3). */
async function negotiateSecurity(
  reader: SocketReader,
  socket: Duplex,
  version: 3 | 7 | 8,
  host: string,
  port: number,
): Promise<{ veNCrypt: boolean; auth: SecurityPlan['auth'] }> {
  let offered: number[];
  if (version === 3) {
    const type = await reader.readU32();
    offered = type === 0 ? [] : [type];
  } else {
    const count = await reader.readU8();
    offered = count === 0 ? [] : [...(await reader.read(count))];
  }
  if (offered.length === 0) {
    const reason = await readFailureReason(reader);
    throw new VncError('server-refused', `The VNC server on ${where(host, port)} refused the connection${reason ? `: ${reason}` : ''}.`);
  }
  const chosen = chooseSecurityType(offered);
  if (chosen === undefined) throw unsupported(host, port, offered);
  if (version !== 3) socket.write(Buffer.from([chosen]));
  if (chosen === SECURITY.veNCrypt) return { veNCrypt: true, auth: 'none' };
  return { veNCrypt: false, auth: chosen === SECURITY.vncAuth ? 'vnc' : 'none' };
}

function unsupported(host: string, port: number, offered: readonly number[]): VncError {
  const login = offered.some(needsUserLogin)
    ? ' Logging in as a user of the lab host (Plain) is not supported: give the server a VNC password.'
    : '';
  return new VncError(
    'security-unsupported',
    `The VNC server on ${where(host, port)} offers only ${offered.map(securityName).join(', ')}, which Lab Console cannot use. ` +
      `It speaks VeNCrypt (X509Vnc, X509None, TLSVnc, TLSNone), VNC Authentication and None.${login}`,
  );
}

/** VeNCrypt 0.2: version, then the server's subtypes; answers the one the app prefers. */
async function negotiateVeNCrypt(reader: SocketReader, socket: Duplex, host: string, port: number): Promise<SecurityPlan> {
  const [major, minor] = await reader.read(2);
  if (major !== 0 || minor! < 2)
    throw new VncError(
      'security-unsupported',
      `The VNC server on ${where(host, port)} speaks VeNCrypt ${major}.${minor}; Lab Console needs 0.2.`,
    );
  socket.write(Buffer.from([0, 2]));
  const accepted = await reader.readU8();
  if (accepted !== 0) throw new VncError('security-unsupported', `The VNC server on ${where(host, port)} did not accept VeNCrypt 0.2.`);
  const count = await reader.readU8();
  const list = await reader.read(count * 4);
  const subtypes = Array.from({ length: count }, (_, i) => list.readUInt32BE(i * 4));
  const chosen = chooseVeNCryptSubtype(subtypes);
  if (!chosen) throw unsupported(host, port, subtypes);
  const answer = Buffer.alloc(4);
  answer.writeUInt32BE(chosen.subtype);
  socket.write(answer);
  return chosen.plan;
}

/**
 * The TLS layer of VeNCrypt. X509: the server's certificate is checked against the pin before
 * anything else is sent (the password never reaches an impostor). Anonymous: Diffie-Hellman with no
 * certificate — encrypted against listeners, but it cannot prove who answers.
 */
function startTls(socket: Socket, kind: 'x509' | 'anonymous', options: RfbServerOptions): Promise<TLSSocket> {
  const { host, port, pin } = options;
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({
      socket,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
      // Anonymous suites live only at security level 0 and in TLS 1.2 (1.3 has none).
      ...(kind === 'anonymous' ? { ciphers: 'aNULL:!eNULL:@SECLEVEL=0', maxVersion: 'TLSv1.2' as const } : {}),
    });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(new VncError('tls-failure', `The VNC server on ${where(host, port)} did not finish its TLS handshake in time.`));
    }, options.timeoutMs ?? 20_000);
    secure.once('error', (error) => {
      clearTimeout(timer);
      reject(new VncError('tls-failure', { key: 'vnc.tlsFailed', params: { host, port, detail: error.message } }, { cause: error }));
    });
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      secure.removeAllListeners('error');
      if (kind === 'anonymous') return resolve(secure);
      let actual: string;
      try {
        actual = certificateSha256(secure.getPeerCertificate(false));
      } catch (error) {
        secure.destroy();
        return reject(new VncError('tls-failure', `The VNC server on ${where(host, port)} sent no certificate.`, { cause: error }));
      }
      checkCertificate(pin, actual, host, port).then(
        () => resolve(secure),
        (error: unknown) => {
          secure.destroy();
          reject(error);
        },
      );
    });
  });
}

async function checkCertificate(pin: CertificatePin, actual: string, host: string, port: number): Promise<void> {
  if (pin.expectedSha256 !== undefined) {
    const expected = normaliseSha256(pin.expectedSha256);
    if (expected === actual) return;
    throw new VncError(
      'certificate-changed',
      { key: 'vnc.certificateChanged', params: { host, port, expected, received: actual } },
      { expectedSha256: expected, actualSha256: actual },
    );
  }
  try {
    await pin.onFirstUse(actual);
  } catch (error) {
    throw new VncError(
      'certificate-not-trusted',
      { key: 'vnc.certificateNotTrusted', params: { host, port, received: actual, detail: (error as Error).message } },
      { cause: error, actualSha256: actual },
    );
  }
}

async function authenticate(reader: SocketReader, socket: Duplex, auth: SecurityPlan['auth'], options: RfbServerOptions): Promise<void> {
  if (auth === 'none') return;
  const challenge = await reader.read(VNC_CHALLENGE_BYTES);
  if (!options.password) throw new VncError('auth-failed', { key: 'vnc.noPassword', params: { host: options.host, port: options.port } });
  socket.write(vncAuthResponse(challenge, options.password));
}

/** SecurityResult (RFC 6143 §7.1.3): 0 is OK; a failure carries a reason from 3.8 on. */
async function securityResult(reader: SocketReader, version: 3 | 7 | 8, host: string, port: number): Promise<void> {
  const status = await reader.readU32();
  if (status === 0) return;
  const reason = version === 8 ? await readFailureReason(reader) : '';
  throw new VncError(
    'auth-failed',
    reason ? { key: 'vnc.passwordRefusedBecause', params: { host, port, reason } } : { key: 'vnc.passwordRefused', params: { host, port } },
  );
}

/** A read that ran out during the handshake, as the learner should hear it. */
function translate(error: unknown, host: string, port: number): Error {
  if (error instanceof VncError) return error;
  if (error instanceof SocketReadError) {
    if (error.reason === 'timeout')
      return new VncError('connection-failed', `The VNC server on ${where(host, port)} stopped answering during its handshake.`, {
        cause: error,
      });
    return new VncError(
      'closed-early',
      `The VNC server on ${where(host, port)} closed the connection during its handshake${error.partial.length ? '' : ' before it said anything'}. ` +
        'It may be starting, or it refuses this client.',
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
