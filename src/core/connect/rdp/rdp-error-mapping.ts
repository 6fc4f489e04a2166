import { ConnectionFailed, ConnectionRefused, ProtocolFailure, TlsFailure, type RdpError } from './rdp-errors';
import type { RdpjsError } from './rdpjs-client';

/** Where the connection was when something went wrong. */
export type ConnectionPhase = 'tcp' | 'tls' | 'certificate' | 'login' | 'ready' | 'closed';

const NETWORK_WORDS: Record<string, string> = {
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS)',
  ECONNRESET: 'the server reset the connection',
  EPIPE: 'the server closed the connection',
};

/** Turns what node-rdpjs-2 (or the socket under it) reports into the session's typed errors. */
export function classifyRdpjsError(error: RdpjsError, phase: ConnectionPhase, host: string, port: number): RdpError {
  const code = error.code ?? '';
  const detail = NETWORK_WORDS[code] ?? (error.message || code || 'unknown error');
  if (code === 'ECONNREFUSED') return new ConnectionRefused(host, port, error);
  if (phase === 'tcp') return new ConnectionFailed(host, port, detail, error);
  if (code === 'NODE_RDP_PROTOCOL_X224_NEG_FAILURE' || code === 'NODE_RDP_PROTOCOL_X224_NLA_NOT_SUPPORTED') {
    return new ProtocolFailure(
      host,
      port,
      `the server refused a TLS-secured connection (${error.message || code}); it may insist on NLA (CredSSP), which this client does not speak — ` +
        'on xrdp, security_layer must be "tls" or "negotiate"',
      error,
    );
  }
  if (phase === 'tls') return new TlsFailure(host, port, detail, error);
  return new ProtocolFailure(host, port, `${detail}${code && detail !== code ? ` (${code})` : ''}`, error);
}

/** The server hung up before the desktop appeared. */
export function closedEarly(phase: ConnectionPhase, host: string, port: number): RdpError {
  switch (phase) {
    case 'tcp':
    case 'tls':
      return new TlsFailure(host, port, 'the server closed the connection before TLS was set up (is this an RDP server?)');
    case 'certificate':
      return new ProtocolFailure(host, port, 'the server closed the connection while its certificate was being checked');
    default:
      return new ProtocolFailure(
        host,
        port,
        'the server closed the connection before the desktop appeared (too many sessions, or the session could not start?)',
      );
  }
}
