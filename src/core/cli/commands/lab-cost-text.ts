import type { LabCost } from '../../../shared/labs/lab-rates';
import type { CliText } from '../cli-text';

/** The cost lines of `lab status`: to the cent, in the rate's currency, as the run's language writes money. */
export function describeCost(text: CliText, cost: LabCost | null, problem: string | null): string[] {
  const { t } = text;
  if (!cost) return [problem ?? t('cost.none')];
  const hours = t('cost.hours', {
    running: text.fixed(cost.runningSeconds / 3600, 2),
    suspended: text.fixed(cost.suspendedSeconds / 3600, 2),
  });
  if (cost.cost === null || !cost.rate) return [t('cost.month', { month: cost.month, hours }), ...(problem ? [problem] : [])];
  const currency = cost.rate.currency;
  const flavors = cost.rate.flavors.length ? t('cost.flavors', { flavors: cost.rate.flavors.join(', ') }) : '';
  return [
    t('cost.costMonth', { month: cost.month, cost: text.money(cost.cost, currency), hours }),
    t('cost.perHour', { cost: text.money(cost.perHourNow ?? 0, currency), source: t(`cost.source.${cost.rate.source}`), flavors }),
  ];
}
