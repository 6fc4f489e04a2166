/** Words both the UI and the CLI show (lab states, units, formatted values). */
export const common = {
  appName: 'Lab Console',
  // Intl does the formatting: pass `formatParams: { amount: { currency } }` (the rate's own currency).
  money: '{{amount, currency}}',
  number: '{{value, number}}',
  dateTime: '{{when, datetime}}',
} as const;
