import { describe, expect, it } from 'vitest';
import { NetworkError, TlsError } from '../errors';
import { classifyTransportError } from './network-errors';

function err(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyTransportError', () => {
  it('names each certificate problem and hints at cacert / verify', () => {
    const cases: Array<[string, string]> = [
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed'],
      ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed'],
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unknown-ca'],
      ['CERT_HAS_EXPIRED', 'expired'],
      ['ERR_TLS_CERT_ALTNAME_INVALID', 'hostname-mismatch'],
    ];
    for (const [code, problem] of cases) {
      const e = classifyTransportError(err(code), 'keystone.example:5000');
      expect(e).toBeInstanceOf(TlsError);
      expect((e as TlsError).problem).toBe(problem);
      expect(e?.message).toContain('keystone.example:5000');
    }
    expect(classifyTransportError(err('DEPTH_ZERO_SELF_SIGNED_CERT'), 'h')?.message).toMatch(/cacert/);
  });

  it('finds the code in the cause chain undici wraps it in', () => {
    const wrapped = Object.assign(new TypeError('fetch failed'), { cause: err('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1') });
    const e = classifyTransportError(wrapped, '127.0.0.1:1');
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as NetworkError).failure).toBe('refused');
  });

  it('marks refused and DNS failures as never received, resets as maybe received', () => {
    expect((classifyTransportError(err('ECONNREFUSED'), 'h') as NetworkError).maybeReceived).toBe(false);
    expect((classifyTransportError(err('ENOTFOUND'), 'h') as NetworkError).maybeReceived).toBe(false);
    expect((classifyTransportError(err('UND_ERR_CONNECT_TIMEOUT'), 'h') as NetworkError).maybeReceived).toBe(false);
    expect((classifyTransportError(err('UND_ERR_SOCKET', 'other side closed'), 'h') as NetworkError).maybeReceived).toBe(true);
    expect((classifyTransportError(err('UND_ERR_HEADERS_TIMEOUT'), 'h') as NetworkError).maybeReceived).toBe(true);
  });

  it('leaves aborts alone so cancellation is not reported as a network failure', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
    expect(classifyTransportError(abort, 'h')).toBeUndefined();
  });
});
