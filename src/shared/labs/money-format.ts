/** Formatters kept by locale and currency (null: a currency code Intl does not know); building one costs far more than formatting. */
const moneyFormats = new Map<string, Intl.NumberFormat | null>();

function moneyFormat(currency: string, locale: string | undefined): Intl.NumberFormat | null {
  const key = `${locale ?? ''}:${currency}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    } catch {
      format = null;
    }
    // A few currencies and languages in practice; a bound all the same, as the codes come from outside.
    if (moneyFormats.size >= 64) moneyFormats.clear();
    moneyFormats.set(key, format);
  }
  return format;
}

/** Money in the rate's currency; the locale only formats it. A code Intl does not know is written after the number. */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  return moneyFormat(currency, locale)?.format(amount) ?? `${amount.toFixed(2)} ${currency}`;
}
