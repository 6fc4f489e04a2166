import { describe, expect, it } from 'vitest';
import { classifyRdpjsError, closedEarly } from './rdp-error-mapping';
import { ConnectionFailed, ConnectionRefused, ProtocolFailure, TlsFailure } from './rdp-errors';

const error = (code: string, message = '') => Object.assign(new Error(message), { code });

describe('mapping node-rdpjs-2 failures to session errors', () => {
  it('tells refused, unreachable and TLS trouble apart by code and phase', () => {
    expect(classifyRdpjsError(error('ECONNREFUSED'), 'tcp', 'h', 1)).toBeInstanceOf(ConnectionRefused);
    expect(classifyRdpjsError(error('EHOSTUNREACH'), 'tcp', 'h', 1)).toBeInstanceOf(ConnectionFailed);
    expect(classifyRdpjsError(error('EHOSTUNREACH'), 'tcp', 'h', 1).message).toMatch(/host is unreachable/);
    expect(classifyRdpjsError(error('ECONNRESET'), 'tls', 'h', 1)).toBeInstanceOf(TlsFailure);
    expect(classifyRdpjsError(error('ECONNRESET'), 'ready', 'h', 1)).toBeInstanceOf(ProtocolFailure);
  });

  it('explains a server that refuses TLS-only security (NLA)', () => {
    const mapped = classifyRdpjsError(error('NODE_RDP_PROTOCOL_X224_NEG_FAILURE', 'Failure code:5'), 'tls', 'h', 1);
    expect(mapped).toBeInstanceOf(ProtocolFailure);
    expect(mapped.message).toMatch(/NLA.*security_layer/);
  });

  it('says where the connection was when the server hung up', () => {
    expect(closedEarly('tls', 'h', 1)).toBeInstanceOf(TlsFailure);
    expect(closedEarly('login', 'h', 1).message).toMatch(/before the desktop appeared/);
  });
});
