import * as z from 'zod';
import type { CloudRates } from '../openstack/cloud-summary';

/**
 * ISO 4217: three capital letters the runtime's Intl knows as a currency (where it can list them),
 * so that Intl can format every amount in it.
 */
export function isIsoCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  const known = (Intl as { supportedValuesOf?: (key: 'currency') => string[] }).supportedValuesOf?.('currency');
  return known ? known.includes(code) : true;
}

const perHour = z
  .number({ error: 'must be a number' })
  .refine(Number.isFinite, 'must be a number')
  .nonnegative('must be 0 or more')
  .max(1_000_000, 'must be at most 1,000,000');

/** Rates as Settings › Clouds edits them for a cloud added in the app (the shape the cost computation reads). */
export const EditRates = z
  .strictObject({
    runningPerHour: perHour,
    suspendedPerHour: perHour,
    currency: z.string().trim().refine(isIsoCurrency, 'must be an ISO 4217 currency code, e.g. EUR or USD'),
    flavors: z
      .record(
        z.string().trim().min(1, 'a flavor needs a name').max(255),
        z.strictObject({ runningPerHour: perHour, suspendedPerHour: perHour }),
      )
      .optional(),
    flavorParameter: z.string().trim().min(1).max(255).optional(),
  })
  .transform((r): CloudRates => r);
export type EditRates = z.input<typeof EditRates>;

export const SetRatesInput = z.strictObject({
  name: z.string().min(1),
  /** null: no rates for this cloud (hours only). */
  rates: EditRates.nullable(),
});
export type SetRatesInput = z.input<typeof SetRatesInput>;
