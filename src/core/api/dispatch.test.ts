import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger';
import { dispatch, type ApiHandlers } from './dispatch';
import { UserFacingError } from './user-error';

const settings = { theme: 'system', stepsPaneRatio: 0.4, terminalFontSize: 14 } as const;

function handlers(overrides: Partial<ApiHandlers> = {}): ApiHandlers {
  // Only the calls these tests make; the others are never dispatched here.
  return {
    'app.info': async () => ({
      name: 'Lab Console',
      version: '1.0.0',
      mode: 'browser',
      platform: 'x',
      home: '/h',
      versions: {},
      secretStore: 'm',
    }),
    'diagnostics.collect': async () => ({ text: '' }),
    'settings.get': async () => settings,
    'settings.update': async () => settings,
    'log.report': async () => ({ ok: true }),
    'activity.ping': async () => ({ ok: true }),
    ...overrides,
  } as ApiHandlers;
}

describe('dispatch', () => {
  it('runs a valid call and returns its value', async () => {
    expect(await dispatch(handlers(), 'settings.get', {}, silentLogger)).toEqual({ ok: true, value: settings });
  });

  it('rejects an unknown call by name, even one named like an Object property', async () => {
    for (const name of ['nope', 'constructor', '__proto__', 42]) {
      const result = await dispatch(handlers(), name, {}, silentLogger);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    }
  });

  it('rejects invalid input with the failing field, without calling the handler', async () => {
    let called = false;
    const result = await dispatch(
      handlers({ 'settings.update': async () => ((called = true), settings) }),
      'settings.update',
      { stepsPaneRatio: 3, extra: 1 },
      silentLogger,
    );
    expect(called).toBe(false);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['stepsPaneRatio']));
    }
  });

  it('turns a user-facing error into its code and message, and anything else into "internal"', async () => {
    const typed = await dispatch(
      handlers({ 'settings.get': async () => Promise.reject(new UserFacingError('not_found', 'No such cloud "x".')) }),
      'settings.get',
      {},
      silentLogger,
    );
    expect(typed).toEqual({ ok: false, error: { code: 'not_found', message: 'No such cloud "x".' } });
    const crash = await dispatch(
      handlers({ 'settings.get': async () => Promise.reject(new TypeError('boom')) }),
      'settings.get',
      {},
      silentLogger,
    );
    expect(crash).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('never lets a handler send a value outside the contract', async () => {
    const result = await dispatch(handlers({ 'settings.get': async () => ({ theme: 'neon' }) as never }), 'settings.get', {}, silentLogger);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
