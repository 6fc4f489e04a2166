import { describe, expect, it } from 'vitest';
import { utcDateTime } from './utc-time';

describe('a Heat or check time as the reader writes it', () => {
  it('reads a zoneless Heat time as UTC and writes it in the reader’s language, saying UTC', () => {
    expect(utcDateTime('2026-12-06T19:05:03', 'de')).toBe('06.12.2026, 19:05:03 UTC');
    expect(utcDateTime('2026-12-06T19:05:03.120Z', 'en')).toBe('Dec 6, 2026, 7:05:03 PM UTC');
  });

  it('shows a time it cannot read as it came', () => {
    expect(utcDateTime('not a time', 'en')).toBe('not a time');
  });
});
