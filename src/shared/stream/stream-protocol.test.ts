import { describe, expect, it } from 'vitest';
import { MAX_CONTROL_BYTES, SESSION_ID_PATTERN, parseStreamDown, parseStreamUp } from './stream-protocol';

describe('stream control messages', () => {
  it('accepts input and acks from the UI, as JSON text or as objects', () => {
    expect(parseStreamUp('{"t":"input","data":"ls\\r"}')).toEqual({ ok: true, value: { t: 'input', data: 'ls\r' } });
    expect(parseStreamUp({ t: 'ack', bytes: 4096 })).toEqual({ ok: true, value: { t: 'ack', bytes: 4096 } });
  });

  it('refuses acks that are not positive whole byte counts', () => {
    for (const bytes of [0, -5, 1.5, '10', Number.NaN, 2 ** 41]) expect(parseStreamUp({ t: 'ack', bytes }).ok).toBe(false);
  });

  it('refuses unknown types, extra fields, empty input and non-JSON text, saying why', () => {
    expect(parseStreamUp({ t: 'exec', data: 'rm -rf /' })).toMatchObject({ ok: false });
    expect(parseStreamUp({ t: 'input', data: 'x', extra: 1 })).toMatchObject({ ok: false });
    expect(parseStreamUp({ t: 'input', data: '' })).toMatchObject({ ok: false });
    expect(parseStreamUp('not json')).toEqual({ ok: false, error: 'control message is not JSON' });
    const bad = parseStreamUp({ t: 'ack', bytes: -1 });
    expect(bad.ok ? '' : bad.error).toMatch(/^invalid control message: bytes: /);
  });

  it('refuses a control message over the size limit before parsing it', () => {
    const huge = JSON.stringify({ t: 'input', data: 'a'.repeat(MAX_CONTROL_BYTES) });
    const result = parseStreamUp(huge);
    expect(result.ok ? '' : result.error).toMatch(/over the limit/);
  });

  it('accepts only ready and end from the app', () => {
    expect(parseStreamDown({ t: 'ready', sessionId: 'abcdefgh12345678', window: 1048576 }).ok).toBe(true);
    expect(parseStreamDown('{"t":"end","reason":"closed"}')).toEqual({ ok: true, value: { t: 'end', reason: 'closed' } });
    expect(parseStreamDown({ t: 'ready', sessionId: '../../etc', window: 1 }).ok).toBe(false);
    expect(parseStreamDown({ t: 'input', data: 'x' }).ok).toBe(false);
  });

  it('keeps session ids to URL-safe tokens', () => {
    expect(SESSION_ID_PATTERN.test('Zx_-09abcdefGHIJ')).toBe(true);
    for (const id of ['short', 'has space in it!', 'a/b/c/d/e/f/g/h', 'x'.repeat(65)]) expect(SESSION_ID_PATTERN.test(id)).toBe(false);
  });
});
