import type { CohortReport } from '../../../shared/cohort/cohort-report';
import { formatMoney } from '../../../shared/labs/lab-rates';
import { textTableLines } from '../text-table';

const hours = (seconds: number): string => (seconds / 3600).toFixed(2);
/** Unknown activity is "—", never 0. */
const maybeHours = (seconds: number | null): string => (seconds === null ? '—' : hours(seconds));
const ratio = (value: number | null): string => (value === null ? '—' : `${value.toFixed(2)}×`);

/** `cohort report` for people: a table per learner and the totals. */
export function reportText(report: CohortReport): string {
  const money = (amount: number | null) => (amount === null || report.currency === null ? '—' : formatMoney(amount, report.currency));
  const head = ['LEARNER', 'PROJECT', 'LABS', 'RUNNING H', 'SUSPENDED H', 'ACTIVE H', 'BILLED/ACTIVE', 'COST', 'SCORE'];
  const rows = report.learners.map((l) => [
    l.learner,
    l.projectName,
    String(l.labs),
    hours(l.runningSeconds),
    hours(l.suspendedSeconds),
    maybeHours(l.activeSeconds),
    ratio(l.wasteRatio),
    money(l.cost),
    l.score === null ? '—' : `${Math.round(l.score * 100)}%`,
  ]);
  const t = report.totals;
  rows.push([
    'TOTAL',
    '',
    String(t.labs),
    hours(t.runningSeconds),
    hours(t.suspendedSeconds),
    maybeHours(t.activeSeconds),
    ratio(t.wasteRatio),
    money(t.cost),
    '',
  ]);
  return [
    `Course ${report.courseId}, ${report.month} (UTC), cloud ${report.cloud}${report.cohort ? `, cohort ${report.cohort}` : ''}: ${t.learners} learner(s)`,
    ...textTableLines(head, rows),
    ...(report.currency === null ? ['No rates are set for this course or cloud: hours only.'] : []),
    ...report.problems.map((p) => `problem in ${p.project}: ${p.message}`),
  ].join('\n');
}
