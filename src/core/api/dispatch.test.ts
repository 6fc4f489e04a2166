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

  it('sends a composed failure with its message key and parameters beside the unchanged English sentence', async () => {
    const down = Object.assign(
      new UserFacingError('cloud_unreachable', {
        key: 'cloud.unreachable',
        params: { cloud: 'lab-cloud', untouched: { key: 'untouched.suspend' } },
      }),
      { detail: 'connect ECONNREFUSED 127.0.0.1:5000' },
    );
    const result = await dispatch(handlers({ 'settings.get': async () => Promise.reject(down) }), 'settings.get', {}, silentLogger);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'cloud_unreachable',
        message:
          'Cloud "lab-cloud" is not answering right now, so the lab was not suspended and keeps running. This is on the cloud\'s side: try again in a few minutes.',
        messageKey: 'cloud.unreachable',
        messageParams: { cloud: 'lab-cloud', untouched: { key: 'untouched.suspend' } },
        detail: 'connect ECONNREFUSED 127.0.0.1:5000',
      },
    });
  });

  it('drops the key of a message rewritten on its way, so no language says something else', async () => {
    const refused = new UserFacingError('credentials_refused', {
      key: 'cloud.unusable',
      params: { cloud: 'c', problem: 'p', untouched: { key: 'untouched.launch' } },
    });
    refused.message = `Course x: ${refused.message}`;
    const result = await dispatch(handlers({ 'settings.get': async () => Promise.reject(refused) }), 'settings.get', {}, silentLogger);
    expect(result).toEqual({ ok: false, error: { code: 'credentials_refused', message: refused.message } });
  });
});
