import { describe, expect, it } from 'vitest';
import { numberFormat } from './number-format';

describe('numberFormat', () => {
  it('builds one formatter per locale and options', () => {
    expect(numberFormat('de', { maximumFractionDigits: 0 })).toBe(numberFormat('de', { maximumFractionDigits: 0 }));
    expect(numberFormat('de', { maximumFractionDigits: 0 }).format(12345)).toBe('12.345');
  });

  it('keeps what Intl refused, and throws that again instead of building and refusing once more', () => {
    const refused = (): unknown => {
      try {
        numberFormat('en', { style: 'currency', currency: 'credits' });
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const first = refused();
    expect(first).toBeInstanceOf(RangeError);
    expect(refused()).toBe(first);
  });
});
