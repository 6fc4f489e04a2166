import { afterEach, describe, expect, it } from 'vitest';
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

describe('CliText number formatters', () => {
  const original = Intl.NumberFormat;
  afterEach(() => {
    Intl.NumberFormat = original;
  });

  it('builds each formatter once, not once per number: a listing formats a few per row', () => {
    let built = 0;
    Intl.NumberFormat = class extends original {
      constructor(...args: ConstructorParameters<typeof Intl.NumberFormat>) {
        super(...args);
        built++;
      }
    } as typeof Intl.NumberFormat;
    const text = new CliText('de');
    const rows = Array.from({ length: 100 }, (_, i) => [text.fixed(i / 7, 2), text.number(i / 4), text.percent(i / 100)]);
    expect(built).toBeLessThanOrEqual(3);
    // German writes a no-break space before the percent sign.
    expect(rows[50]).toEqual(['7,14', '12,5', new original('de', { style: 'percent' }).format(0.5)]);
  });
});
