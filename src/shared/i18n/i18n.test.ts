import { describe, expect, it } from 'vitest';
import { createTranslator } from './i18n';
import { matchLocale, resolveLocale } from './locales';

describe('the learner’s language', () => {
  it('takes the first shipped language among the system’s preferred ones', () => {
    expect(matchLocale(['fr-FR', 'de-AT', 'en-US'])).toBe('de');
    expect(matchLocale(['de_DE.UTF-8'])).toBe('de');
    expect(matchLocale(['C', undefined, 'ja'])).toBe('en');
  });

  it('lets the setting win over the system, and "system" defer to it', () => {
    expect(resolveLocale('en', ['de-DE'])).toBe('en');
    expect(resolveLocale('system', ['de-DE'])).toBe('de');
    expect(resolveLocale(undefined, ['en-GB'])).toBe('en');
  });

  it('formats numbers, money and dates with Intl for the chosen locale', () => {
    const de = createTranslator('de');
    const en = createTranslator('en');
    const amount = 1234.5;
    const money = (t: typeof de, currency: string) => t.t('common:money', { amount, formatParams: { amount: { currency } } });
    expect(money(de, 'EUR')).toBe(new Intl.NumberFormat('de', { style: 'currency', currency: 'EUR' }).format(amount));
    expect(money(en, 'USD')).toBe('$1,234.50');
    expect(de.t('common:number', { value: amount })).toBe('1.234,5');
    expect(de.t('common:appName')).toBe('Lab Console');
  });
});
