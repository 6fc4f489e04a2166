import * as z from 'zod';
import type { CloudRates, FlavorRates } from '../openstack/cloud-summary';

const perHour = z.coerce.number({ error: 'must be a number' }).nonnegative('must be 0 or more');

/**
 * Rates as written in files (a course's `lab.providers[].rates`, a cloud's `lab_console.rates` in
 * clouds.yaml): snake_case, numbers as numbers or strings. One schema for both, so a rate means
 * the same wherever it is written.
 */
export const RatesInput = z
  .strictObject({
    running_per_hour: perHour,
    suspended_per_hour: perHour,
    currency: z.string().trim().min(1, 'must name a currency, e.g. "EUR"'),
    flavors: z.record(z.string().min(1), z.strictObject({ running_per_hour: perHour, suspended_per_hour: perHour })).optional(),
    flavor_parameter: z.string().min(1).optional(),
  })
  .transform((r): CloudRates => ({
    runningPerHour: r.running_per_hour,
    suspendedPerHour: r.suspended_per_hour,
    currency: r.currency,
    ...(r.flavors
      ? {
          flavors: Object.fromEntries(
            Object.entries(r.flavors).map(([name, f]) => [
              name,
              { runningPerHour: f.running_per_hour, suspendedPerHour: f.suspended_per_hour },
            ]),
          ),
        }
      : {}),
    ...(r.flavor_parameter ? { flavorParameter: r.flavor_parameter } : {}),
  }));

/** Where a lab's rates came from, first found wins: the course (for that cloud), then the cloud's own. */
export const RateSource = z.enum(['course', 'cloud']);
export type RateSource = z.infer<typeof RateSource>;

// The labs' prices and costs are built at their first parse (z.lazy): the cloud commands read only
// RatesInput (clouds.yaml), and every schema built as a module loads is in their start-up blob
// (src/core/cli/cloud-schemas-built.test.ts).

/** The hourly price of one lab, with how it was found. */
export const LabRate = z.lazy(() =>
  z.object({
    runningPerHour: z.number().nonnegative(),
    suspendedPerHour: z.number().nonnegative(),
    currency: z.string(),
    source: RateSource,
    /** The flavors priced (one per server), empty when the lab rate applied. */
    flavors: z.array(z.string()),
  }),
);
export type LabRate = z.infer<typeof LabRate>;

/**
 * A lab's price from its rates and its servers' flavors: the sum of the servers' flavor rates when
 * every server's flavor is listed, otherwise the lab rate (a flavor not listed is not guessed at).
 */
export function priceOfLab(rates: CloudRates, source: RateSource, flavors: readonly string[]): LabRate {
  const table = rates.flavors;
  const priced = table && flavors.length > 0 ? flavors.map((f) => table[f]) : [];
  if (priced.length > 0 && priced.every((f): f is FlavorRates => f !== undefined)) {
    return {
      runningPerHour: priced.reduce((sum, f) => sum + f.runningPerHour, 0),
      suspendedPerHour: priced.reduce((sum, f) => sum + f.suspendedPerHour, 0),
      currency: rates.currency,
      source,
      flavors: [...flavors],
    };
  }
  return { runningPerHour: rates.runningPerHour, suspendedPerHour: rates.suspendedPerHour, currency: rates.currency, source, flavors: [] };
}

/** What one lab costs in a month, from its Heat events: the learner's header, `lab status`, the cohort. */
export const LabCost = z.lazy(() =>
  z.object({
    /** The calendar month (UTC) counted, "2026-11". */
    month: z.string(),
    /** Seconds billed as running (any state but suspended or deleted) and as suspended in the month. */
    runningSeconds: z.number().nonnegative(),
    suspendedSeconds: z.number().nonnegative(),
    /** Rounded to the cent (hundredth of the currency unit); null where no rates are known (hours still count). */
    cost: z.number().nonnegative().nullable(),
    /** What the lab costs per hour in its state now: running, suspended, or 0 once deleted; null without rates. */
    perHourNow: z.number().nonnegative().nullable(),
    rate: LabRate.nullable(),
    /** ISO 8601: the moment the figures were computed for. */
    at: z.string(),
  }),
);
export type LabCost = z.infer<typeof LabCost>;

// Without zod, for the UI's first screen.
export { formatMoney } from './money-format';

/** "2026-11" of a time (UTC). */
export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** The UTC bounds [from, to) of a "YYYY-MM" month; undefined for anything else. */
export function monthBounds(month: string): { from: number; to: number } | undefined {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return undefined;
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  return { from: Date.UTC(year, index, 1), to: Date.UTC(year, index + 1, 1) };
}

/** `lab.cost` and `lab-console lab status`: the cost of the learner's lab of a course this month. */
export const LabCostView = z.lazy(() =>
  z.object({
    courseId: z.string(),
    /** Null when there is no lab (never launched, deleted) or its cloud could not be asked. */
    cost: LabCost.nullable(),
    /** Why there is no cost, in words for the learner. */
    problem: z.string().nullable(),
  }),
);
export type LabCostView = z.infer<typeof LabCostView>;
