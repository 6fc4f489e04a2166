import { describe, expect, it } from 'vitest';
import { CliText } from './cli-text';

describe('CliText dates', () => {
  const at = '2026-12-07T01:24:00Z';
  const expected = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));

  it('prints a moment the same whether its formatter was prepared ahead or not', () => {
    expect(new CliText('en').dateTime(at)).toBe(expected);
    const prepared = new CliText('en');
    prepared.prepareDateTime();
    expect(prepared.dateTime(at)).toBe(expected);
  });

  it('builds the formatter once per run', () => {
    const text = new CliText('en');
    expect(text.prepareDateTime()).toBe(text.prepareDateTime());
  });
});
