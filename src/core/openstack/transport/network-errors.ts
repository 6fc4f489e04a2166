import { NetworkError, TlsError, type NetworkFailure, type TlsProblem } from '../errors';

/** OpenSSL verification codes as Node reports them (node/src/crypto/crypto_common.cc). */
const TLS_CODES: Record<string, TlsProblem> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-ca',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown-ca',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-ca',
  CERT_UNTRUSTED: 'unknown-ca',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname-mismatch',
  HOSTNAME_MISMATCH: 'hostname-mismatch',
  CERT_SIGNATURE_FAILURE: 'other',
  CERT_REJECTED: 'other',
  // Alerts the server sent about the client's certificate (RFC 8446 6.2): none sent, or not accepted.
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'client-certificate',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'client-certificate',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'client-certificate',
  ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE: 'client-certificate',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED: 'client-certificate',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: 'client-certificate',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN: 'client-certificate',
};

const NETWORK_CODES: Record<string, NetworkFailure> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  UND_ERR_CONNECT_TIMEOUT: 'connect-timeout',
  ETIMEDOUT: 'connect-timeout',
  UND_ERR_HEADERS_TIMEOUT: 'response-timeout',
  UND_ERR_BODY_TIMEOUT: 'body-timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
};

/** Failures where the request surely never left this machine. */
const NOT_SENT: ReadonlySet<NetworkFailure> = new Set(['refused', 'connect-timeout', 'dns']);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function messagesOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && message && !parts.includes(message)) parts.push(message);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(': ') || String(error);
}

/**
 * Turns whatever undici or Node threw into a NetworkError or TlsError naming the host.
 * Returns undefined for errors that are not transport failures (e.g. an abort).
 */
export function classifyTransportError(error: unknown, host: string): NetworkError | TlsError | undefined {
  if (error instanceof NetworkError || error instanceof TlsError) return error;
  const codes = codesOf(error);
  if (codes.includes('ABORT_ERR') || (error as { name?: string })?.name === 'AbortError') return undefined;
  for (const code of codes) {
    const tls = TLS_CODES[code];
    if (tls) return new TlsError(host, tls, code, { cause: error });
  }
  const detail = messagesOf(error);
  if (/certificate|SSL routines|tls/i.test(detail) && !codes.some((c) => NETWORK_CODES[c])) {
    return new TlsError(host, 'other', codes[0] ?? 'TLS', { cause: error });
  }
  if (codes.includes('UND_ERR_PRX_TLS') || /proxy/i.test(detail)) {
    return new NetworkError(host, 'proxy', detail, false, { cause: error });
  }
  for (const code of codes) {
    const failure = NETWORK_CODES[code];
    if (failure) return new NetworkError(host, failure, detail, !NOT_SENT.has(failure), { cause: error });
  }
  if (error instanceof Error) return new NetworkError(host, 'other', detail, true, { cause: error });
  return undefined;
}
