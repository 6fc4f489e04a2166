import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target';

describe('parseRequestTarget', () => {
  it('reads an origin-form target: path (dot segments resolved) and query', () => {
    const target = parseRequestTarget('/assets/../index.html?token=abc&session=x');
    expect(target?.pathname).toBe('/index.html');
    expect(target?.query.get('token')).toBe('abc');
    expect(target?.query.get('session')).toBe('x');
  });

  it('keeps a target starting with two slashes a path on our host, not a protocol-relative URL', () => {
    expect(parseRequestTarget('//evil.example/x')?.pathname).toBe('//evil.example/x');
    expect(parseRequestTarget('/\\evil.example/x')?.pathname).toBe('//evil.example/x');
  });

  it.each([
    ['absolute-form', 'http://127.0.0.1:8080/'],
    ['authority-form', '127.0.0.1:8080'],
    ['asterisk-form', '*'],
    ['empty', ''],
    ['missing', undefined],
    ['invalid percent-encoding in the path', '/%E0%A4%A'],
    ['a lone percent', '/a%'],
    ['an encoded control byte', '/a%01b'],
    ['an encoded NUL', '/index.html%00.js'],
  ])('refuses %s', (_name, raw) => {
    expect(parseRequestTarget(raw)).toBeUndefined();
  });

  it('never throws on a malformed query: bad percent-encoding there is read leniently', () => {
    expect(parseRequestTarget('/?token=%E0%A4%A')?.query.get('token')).toBe('\uFFFD%A');
    expect(parseRequestTarget('/?%%%=&&==')?.query.get('token')).toBeNull();
  });
});
