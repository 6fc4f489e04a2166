import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabCost as LabCostFigures } from '../../shared/labs/lab-rates';
import { translator } from '../i18n/translator';
import { labHours, labMoney, monthName } from './lab-format';
import { useLabCost } from './use-lab-cost';

/** "€1.24 this month · €0.36/h now", or the hours alone where no rates are known. */
export function labCostText(cost: LabCostFigures): string {
  const hours = labHours(cost.runningSeconds);
  if (cost.cost === null || !cost.rate) return translator.t('lab.cost.hoursOnly', { hours });
  const currency = cost.rate.currency;
  return translator.t('lab.cost.line', { cost: labMoney(cost.cost, currency), perHour: labMoney(cost.perHourNow ?? 0, currency) });
}

/** The tooltip: hours running and suspended in the month, and where the rates came from. */
function labCostTitle(cost: LabCostFigures, problem: string | null): string {
  const rate = cost.rate;
  const hours = translator.t('lab.cost.hoursTitle', {
    running: labHours(cost.runningSeconds),
    suspended: labHours(cost.suspendedSeconds),
    month: monthName(cost.month),
  });
  const rates =
    rate &&
    translator.t(rate.source === 'course' ? 'lab.cost.ratesFromCourse' : 'lab.cost.ratesFromCloud', {
      flavors: rate.flavors.length ? translator.t('lab.cost.flavors', { names: rate.flavors.join(', ') }) : '',
      running: labMoney(rate.runningPerHour, rate.currency),
      suspended: labMoney(rate.suspendedPerHour, rate.currency),
    });
  return [hours, rates, problem].filter(Boolean).join('\n');
}

/** The lab header's cost line: what this lab cost so far this month and what it costs per hour in its state now. */
export function LabCost({ courseId }: { courseId: string }): ReactNode {
  const { t } = useTranslation();
  const view = useLabCost(courseId);
  // The line keeps its place before the figures arrive and without a lab: the workspace below never moves.
  if (!view?.cost) return <p className="lab-cost" aria-hidden="true" />;
  return (
    <p className="lab-cost" aria-label={t('lab.cost.label')} title={labCostTitle(view.cost, view.problem)}>
      {labCostText(view.cost)}
    </p>
  );
}

/** The course card's line: lab hours and cost this month, once the course has a lab. */
export function CourseLabCost({ courseId }: { courseId: string }): ReactNode {
  const { t } = useTranslation();
  const view = useLabCost(courseId);
  if (!view?.cost) return null;
  const cost = view.cost;
  const hours = labHours(cost.runningSeconds);
  return (
    <p className="course-meta" aria-label={t('lab.cost.courseLabel')}>
      {cost.cost !== null && cost.rate
        ? t('lab.cost.courseLineCost', { hours, cost: labMoney(cost.cost, cost.rate.currency) })
        : t('lab.cost.courseLine', { hours })}
    </p>
  );
}
