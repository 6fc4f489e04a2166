import { describe, expect, it } from 'vitest';
import { ApiError, type LabBridge } from '../../shared/contract';
import { createLabApi } from './lab-client';

function bridgeAnswering(answer: unknown, events: Record<string, unknown> = {}): LabBridge {
  return {
    call: async () => answer,
    on: (name, listener) => {
      if (name in events) listener(events[name]);
      return () => undefined;
    },
  };
}

describe('createLabApi', () => {
  it('returns the value of a successful call', async () => {
    const api = createLabApi(bridgeAnswering({ ok: true, value: { theme: 'dark', stepsPaneRatio: 0.5, terminalFontSize: 14 } }));
    expect((await api.call('settings.get', {})).theme).toBe('dark');
  });

  it('throws an ApiError carrying the code and the field issues', async () => {
    const api = createLabApi(
      bridgeAnswering({ ok: false, error: { code: 'invalid_input', message: 'bad theme', issues: [{ path: 'theme', message: 'x' }] } }),
    );
    const error = await api.call('settings.update', { theme: 'dark' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid_input');
    expect((error as ApiError).issues?.[0]?.path).toBe('theme');
  });

  it('rejects an answer outside the contract instead of passing it on', async () => {
    const api = createLabApi(bridgeAnswering({ ok: true, value: { theme: 'neon' } }));
    await expect(api.call('settings.get', {})).rejects.toThrow();
  });

  it('drops events whose payload does not match the contract', () => {
    const seen: unknown[] = [];
    createLabApi(bridgeAnswering(null, { 'app.notice': { level: 'shout', text: 1 } })).on('app.notice', (p) => seen.push(p));
    createLabApi(bridgeAnswering(null, { 'app.notice': { level: 'info', text: 'hi' } })).on('app.notice', (p) => seen.push(p));
    expect(seen).toEqual([{ level: 'info', text: 'hi' }]);
  });
});
