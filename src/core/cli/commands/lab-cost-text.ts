import { formatMoney, type LabCost } from '../../../shared/labs/lab-rates';

/** The cost lines of `lab status`: to the cent, in the rate's currency. */
export function describeCost(cost: LabCost | null, problem: string | null): string[] {
  if (!cost) return [problem ?? 'No cost known.'];
  const hours = `${(cost.runningSeconds / 3600).toFixed(2)} h running, ${(cost.suspendedSeconds / 3600).toFixed(2)} h suspended`;
  if (cost.cost === null || !cost.rate) return [`This month (${cost.month}): ${hours}.`, ...(problem ? [problem] : [])];
  const currency = cost.rate.currency;
  const flavors = cost.rate.flavors.length ? `, flavors ${cost.rate.flavors.join(', ')}` : '';
  return [
    `Cost this month (${cost.month}): ${formatMoney(cost.cost, currency)} (${hours})`,
    `Cost per hour now: ${formatMoney(cost.perHourNow ?? 0, currency)} (rates from the ${cost.rate.source}${flavors})`,
  ];
}
