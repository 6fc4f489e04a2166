import { describe, expect, it } from 'vitest';
import { formatMoney } from './money-format';

describe('formatMoney', () => {
  it('writes the rate’s currency in the reader’s locale, the same on every call', () => {
    expect(formatMoney(1234.5, 'EUR', 'en-US')).toBe('€1,234.50');
    expect(formatMoney(1234.5, 'EUR', 'de-DE')).toBe('1.234,50\u00a0€');
    expect(formatMoney(0.2, 'EUR', 'en-US')).toBe('€0.20');
    expect(formatMoney(3, 'USD', 'en-US')).toBe('$3.00');
  });

  it('writes a code Intl does not know after the number, every time', () => {
    expect(formatMoney(2, 'CREDITS', 'en-US')).toBe('2.00 CREDITS');
    expect(formatMoney(2.5, 'CREDITS', 'en-US')).toBe('2.50 CREDITS');
  });
});
