import { numberFormat } from '../i18n/number-format';

/** Money in the rate's currency; the locale only formats it. A code Intl does not know is written after the number. */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  try {
    return numberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
