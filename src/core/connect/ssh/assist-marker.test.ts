import { describe, expect, it } from 'vitest';
import { parseAssistReading } from './assist-marker';

const marker = { id: 'abcdefgh12345678', by: 'instructor', since: '2026-12-06T18:00:00.000Z' };

describe('reading the assist marker the check printed', () => {
  it('takes a marker rewritten within two minutes on the host’s clock', () => {
    expect(parseAssistReading(`1000 900\n${JSON.stringify(marker)}`)).toEqual(marker);
  });

  it('treats a marker not rewritten for more than two minutes as gone', () => {
    expect(parseAssistReading(`1000 879\n${JSON.stringify(marker)}`)).toBeNull();
  });

  it('treats no marker, a torn line or something that is not a marker as none', () => {
    expect(parseAssistReading('')).toBeNull();
    expect(parseAssistReading('1000\n')).toBeNull();
    expect(parseAssistReading('1000 999\n{"by":')).toBeNull();
    expect(parseAssistReading(`1000 999\n${JSON.stringify({ ...marker, id: 'x y' })}`)).toBeNull();
  });
});
