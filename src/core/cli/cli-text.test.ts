import { describe, expect, it } from 'vitest';
import { CliText } from './cli-text';

describe('CliText dates and numbers', () => {
  const at = '2026-12-07T01:24:00Z';
  const expected = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));

  it('prints a moment the same whether its formatter was prepared ahead or not', () => {
    expect(new CliText('en').dateTime(at)).toBe(expected);
    const prepared = new CliText('en');
    prepared.prepareFormats();
    expect(prepared.dateTime(at)).toBe(expected);
    expect(prepared.dateTime(at)).toBe(expected);
  });

  it('prints whole numbers the same whether prepared ahead or not', () => {
    const prepared = new CliText('de');
    prepared.prepareFormats();
    expect(prepared.integer(12345.6)).toBe(new CliText('de').integer(12345.6));
    expect(prepared.integer(12345.6)).toBe('12.346');
  });
});
