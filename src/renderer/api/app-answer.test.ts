import { describe, expect, it } from 'vitest';
import { readAppFrame, readCallResult } from './app-answer';

describe('readAppFrame', () => {
  it('reads an answer to a call and an event', () => {
    expect(readAppFrame('{"id":7,"result":{"ok":true,"value":1}}')).toEqual({ id: 7, result: { ok: true, value: 1 } });
    expect(readAppFrame('{"event":"app.notice","payload":{"level":"info","text":"hi"}}')).toEqual({
      event: 'app.notice',
      payload: { level: 'info', text: 'hi' },
    });
  });

  it('skips text that is not a frame instead of throwing in the socket’s message handler', () => {
    for (const text of ['not json', '[]', 'null', '7', '{"id":"7","result":1}', '{"id":1.5,"result":1}', '{"id":7}', '{"event":3}'])
      expect(readAppFrame(text), text).toBeUndefined();
  });
});

describe('readCallResult', () => {
  it('reads a success and a failure with its code and sentence', () => {
    expect(readCallResult({ ok: true, value: { theme: 'dark' } })).toEqual({ ok: true, value: { theme: 'dark' } });
    const failure = { ok: false, error: { code: 'not_found', message: 'No course intro-linux.', detail: '404' } };
    expect(readCallResult(failure)).toEqual(failure);
  });

  it('refuses anything else', () => {
    for (const raw of [
      undefined,
      null,
      'ok',
      [],
      { ok: 'true' },
      { ok: false },
      { ok: false, error: { code: 'x' } },
      { ok: false, error: 'boom' },
    ])
      expect(readCallResult(raw), JSON.stringify(raw)).toBeUndefined();
  });
});
