import type { ReactNode } from 'react';
import { formatHours, formatMoney, type LabCost as LabCostFigures } from '../../shared/labs/lab-rates';
import { useLabCost } from './use-lab-cost';

/** "€1.24 this month · €0.36/h now", or the hours alone where no rates are known. */
export function labCostText(cost: LabCostFigures): string {
  const hours = formatHours(cost.runningSeconds);
  if (cost.cost === null || !cost.rate) return `${hours} running this month`;
  const currency = cost.rate.currency;
  return `${formatMoney(cost.cost, currency)} this month · ${formatMoney(cost.perHourNow ?? 0, currency)}/h now`;
}

/** The lab header's cost line: what this lab cost so far this month and what it costs per hour in its state now. */
export function LabCost({ courseId }: { courseId: string }): ReactNode {
  const view = useLabCost(courseId);
  // The line keeps its place before the figures arrive and without a lab: the workspace below never moves.
  if (!view?.cost) return <p className="lab-cost" aria-hidden="true" />;
  const cost = view.cost;
  const title = [
    `${formatHours(cost.runningSeconds)} running, ${formatHours(cost.suspendedSeconds)} suspended in ${cost.month} (UTC)`,
    cost.rate &&
      `Rates from the ${cost.rate.source}${cost.rate.flavors.length ? ` (flavor ${cost.rate.flavors.join(', ')})` : ''}: ` +
        `${formatMoney(cost.rate.runningPerHour, cost.rate.currency)}/h running, ${formatMoney(cost.rate.suspendedPerHour, cost.rate.currency)}/h suspended`,
    view.problem,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <p className="lab-cost" aria-label="Lab cost" title={title}>
      {labCostText(cost)}
    </p>
  );
}

/** The course card's line: lab hours and cost this month, once the course has a lab. */
export function CourseLabCost({ courseId }: { courseId: string }): ReactNode {
  const view = useLabCost(courseId);
  if (!view?.cost) return null;
  const cost = view.cost;
  const money = cost.cost !== null && cost.rate ? ` · ${formatMoney(cost.cost, cost.rate.currency)}` : '';
  return (
    <p className="course-meta" aria-label="Lab this month">
      Lab this month: {formatHours(cost.runningSeconds)}
      {money}
    </p>
  );
}
