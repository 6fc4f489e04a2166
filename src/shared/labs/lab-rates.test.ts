import { describe, expect, it } from 'vitest';
import { formatMoney, monthBounds, priceOfLab, RatesInput } from './lab-rates';

const rates = RatesInput.parse({
  running_per_hour: '0.50',
  suspended_per_hour: 0.02,
  currency: 'EUR',
  flavors: {
    'm1.small': { running_per_hour: 0.1, suspended_per_hour: 0.01 },
    'm1.large': { running_per_hour: 0.8, suspended_per_hour: 0.04 },
  },
  flavor_parameter: 'lab_flavor',
});

describe('lab rates', () => {
  it('reads rates as written in files (snake_case, numbers as strings) into the app form', () => {
    expect(rates).toMatchObject({ runningPerHour: 0.5, suspendedPerHour: 0.02, currency: 'EUR', flavorParameter: 'lab_flavor' });
    expect(rates.flavors?.['m1.large']).toEqual({ runningPerHour: 0.8, suspendedPerHour: 0.04 });
  });

  it('says which field is wrong', () => {
    const result = RatesInput.safeParse({ running_per_hour: 'lots', suspended_per_hour: 0, currency: 'EUR' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['running_per_hour']);
    expect(RatesInput.safeParse({ running_per_hour: 1, suspended_per_hour: 0, currency: 'EUR', per_day: 3 }).success).toBe(false);
  });

  it('sums the flavor rates of the servers when every flavor is listed', () => {
    expect(priceOfLab(rates, 'cloud', ['m1.small', 'm1.large'])).toMatchObject({
      runningPerHour: 0.9,
      suspendedPerHour: 0.05,
      flavors: ['m1.small', 'm1.large'],
    });
  });

  it('uses the lab rate when a flavor is not listed or none is known', () => {
    expect(priceOfLab(rates, 'course', ['m1.small', 'gpu.huge'])).toEqual({
      runningPerHour: 0.5,
      suspendedPerHour: 0.02,
      currency: 'EUR',
      source: 'course',
      flavors: [],
    });
    expect(priceOfLab(rates, 'cloud', [])).toMatchObject({ runningPerHour: 0.5, flavors: [] });
  });

  it('formats money in the rate currency whatever the locale, and an unknown code after the number', () => {
    expect(formatMoney(12.5, 'EUR', 'en-US')).toBe('€12.50');
    expect(formatMoney(12.5, 'USD', 'de-DE').replace(/\s/g, ' ')).toBe('12,50 $');
    expect(formatMoney(3, 'credits', 'en-US')).toBe('3.00 credits');
  });

  it('bounds a month in UTC and refuses anything else', () => {
    expect(monthBounds('2026-12')).toEqual({ from: Date.UTC(2026, 11, 1), to: Date.UTC(2027, 0, 1) });
    expect(monthBounds('2026-1')).toBeUndefined();
    expect(monthBounds('2026-00')).toBeUndefined();
  });
});
