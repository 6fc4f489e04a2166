import type { CohortReport } from '../../../shared/cohort/cohort-report';
import type { CliText } from '../cli-text';
import { textTableLines } from '../text-table';

/** `cohort report` for people: a table per learner and the totals, numbers and money as the run's language writes them. */
export function reportText(text: CliText, report: CohortReport): string {
  const { t } = text;
  const hours = (seconds: number): string => text.fixed(seconds / 3600, 2);
  // Unknown activity is "—", never 0.
  const maybeHours = (seconds: number | null): string => (seconds === null ? '—' : hours(seconds));
  const ratio = (value: number | null): string => (value === null ? '—' : `${text.fixed(value, 2)}×`);
  const money = (amount: number | null) => (amount === null || report.currency === null ? '—' : text.money(amount, report.currency));
  const head = [
    t('cohort.list.learner'),
    t('cohort.report.project'),
    t('cohort.report.labs'),
    t('cohort.report.runningHours'),
    t('cohort.report.suspendedHours'),
    t('cohort.report.activeHours'),
    t('cohort.report.billedPerActive'),
    t('cohort.report.cost'),
    t('cohort.list.score'),
  ];
  const rows = report.learners.map((l) => [
    l.learner,
    l.projectName,
    String(l.labs),
    hours(l.runningSeconds),
    hours(l.suspendedSeconds),
    maybeHours(l.activeSeconds),
    ratio(l.wasteRatio),
    money(l.cost),
    l.score === null ? '—' : text.percent(l.score),
  ]);
  const totals = report.totals;
  rows.push([
    t('cohort.report.total'),
    '',
    String(totals.labs),
    hours(totals.runningSeconds),
    hours(totals.suspendedSeconds),
    maybeHours(totals.activeSeconds),
    ratio(totals.wasteRatio),
    money(totals.cost),
    '',
  ]);
  const heading = { courseId: report.courseId, month: report.month, cloud: report.cloud, count: totals.learners };
  return [
    report.cohort ? t('cohort.report.headingCohort', { ...heading, cohort: report.cohort }) : t('cohort.report.heading', heading),
    ...textTableLines(head, rows),
    ...(report.currency === null ? [t('cohort.report.noRates')] : []),
    ...report.problems.map((p) => t('cohort.list.problem', { project: p.project, message: p.message })),
  ].join('\n');
}
