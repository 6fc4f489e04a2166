import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type LabBridge } from '../../shared/contract';
import { localized } from '../../shared/i18n/message';
import { translator } from '../i18n/translator';
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

  it('refuses a frame that is not a call result with a sentence saying so, instead of passing it on', async () => {
    for (const answer of [{ theme: 'neon' }, null, 'ok', { ok: false, error: { code: 'internal' } }]) {
      const api = createLabApi(bridgeAnswering(answer));
      await expect(api.call('settings.get', {})).rejects.toThrow(
        'Lab Console sent an answer to settings.get that this page cannot read: reload the page.',
      );
    }
  });

  // The app checks its events on the way out (src/core/api/event-bus.test.ts); the page passes them on.
  it('hands each event to its listener as the app sent it', () => {
    const seen: unknown[] = [];
    createLabApi(bridgeAnswering(null, { 'app.notice': { level: 'info', text: 'hi' } })).on('app.notice', (p) => seen.push(p));
    expect(seen).toEqual([{ level: 'info', text: 'hi' }]);
  });
});

describe('a failed call in the reader’s language', () => {
  const down = {
    code: 'cloud_unreachable',
    ...localized({ key: 'cloud.unreachable', params: { cloud: 'lab-cloud', untouched: { key: 'untouched.launch' } } }),
    detail: 'connect ECONNREFUSED 127.0.0.1:5000',
  };

  async function failure(answer: unknown): Promise<ApiError> {
    return (await createLabApi(bridgeAnswering({ ok: false, error: answer }))
      .call('settings.get', {})
      .catch((e: unknown) => e)) as ApiError;
  }

  afterEach(async () => {
    await translator.changeLanguage('en');
  });

  it('shows the app’s sentence in German for a German reader, the raw detail and the key kept', async () => {
    await translator.changeLanguage('de');
    const error = await failure(down);
    expect(error.message).toBe(
      'Die Cloud „lab-cloud“ antwortet gerade nicht, daher das Lab wurde nicht gestartet. Das liegt an der Cloud: Versuche es in ein paar Minuten erneut.',
    );
    expect(error.detail).toBe('connect ECONNREFUSED 127.0.0.1:5000');
    expect(error.messageKey).toBe('cloud.unreachable');
  });

  it('keeps the English sentence for an English reader', async () => {
    expect((await failure(down)).message).toBe(
      'Cloud "lab-cloud" is not answering right now, so the lab was not launched. This is on the cloud\'s side: try again in a few minutes.',
    );
  });

  it('keeps the app’s sentence when the key is not in this catalogue', async () => {
    await translator.changeLanguage('de');
    const error = await failure({ code: 'internal', message: 'Something new.', messageKey: 'cloud.fromTheFuture' });
    expect(error.message).toBe('Something new.');
  });
});
