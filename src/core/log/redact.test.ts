import { describe, expect, it } from 'vitest';
import { redact, redactText } from './redact';
import { SecretValues } from './secret-values';

const known = (...values: string[]): SecretValues => {
  const secrets = new SecretValues();
  secrets.add(...values);
  return secrets;
};

describe('redact', () => {
  it('masks a known value in every string, key, array item and error, and keeps the rest', () => {
    const secrets = known('s3cret-Value');
    const out = redact(
      { note: 'pw s3cret-Value here', 's3cret-Value': 1, list: [['a s3cret-Value']], error: new Error('bad s3cret-Value'), user: 'ann' },
      secrets,
    );
    expect(JSON.stringify(out)).not.toContain('s3cret-Value');
    expect(out).toMatchObject({
      note: 'pw [secret] here',
      '[secret]': 1,
      list: [['a [secret]']],
      error: { name: 'Error', message: 'bad [secret]' },
      user: 'ann',
    });
  });

  it('masks a value written the way JSON or a URL spells it', () => {
    const secrets = known('p"a\\ss w/rd');
    expect(redactText(JSON.stringify({ body: 'p"a\\ss w/rd' }), secrets)).not.toContain('a\\\\ss');
    expect(redactText(`https://x/?pw=${encodeURIComponent('p"a\\ss w/rd')}`, secrets)).toBe('https://x/?pw=[secret]');
  });

  it('replaces what is nested too deep with a marker instead of passing it through', () => {
    let deep: unknown = { note: 'unknown-but-deep' };
    for (let i = 0; i < 100; i++) deep = { next: deep };
    const text = JSON.stringify(redact(deep, known()));
    expect(text).not.toContain('unknown-but-deep');
    expect(text).toContain('[too deep]');
  });

  it('survives cycles, maps, sets, buffers, bigints, dates and throwing getters', () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    const out = redact(
      { cycle, map: new Map([['k', 'v']]), set: new Set([1]), buffer: Buffer.from('key material'), big: 10n, at: new Date(0), hostile },
      known(),
    );
    expect(() => JSON.stringify(out)).not.toThrow();
    expect(out).toMatchObject({
      cycle: { name: 'loop', self: '[circular]' },
      map: { k: 'v' },
      set: [1],
      buffer: '[12 bytes]',
      big: '10',
      at: '1970-01-01T00:00:00.000Z',
      hostile: '[unreadable]',
    });
  });

  it('still masks fields by a secret-looking key name, and PEM keys in text', () => {
    const out = redact(
      { password: 'x', nested: { authToken: 'y' }, text: 'k -----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----' },
      known(),
    );
    expect(out).toEqual({ password: '[redacted]', nested: { authToken: '[redacted]' }, text: 'k [redacted private key]' });
  });

  it('does not mask values too short to be told from ordinary words', () => {
    expect(redactText('the cat sat', known('cat', ''))).toBe('the cat sat');
  });
});
