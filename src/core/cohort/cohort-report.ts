import type { CohortListing } from '../../shared/cohort/cohort-lab';
import type { CohortReport, ReportLearner } from '../../shared/cohort/cohort-report';
import { roundToCent } from '../labs/lab-cost';
import { csvCell } from '../../shared/cohort/cohort-csv';
import { activityTotals } from './cohort-rows';

/**
 * The month of a cohort, per learner (Keystone user): hours and cost of their labs from the
 * listing's rows (each lab priced once, by labCostOf), and the totals as the sum of those rows.
 */
export function cohortReport(listing: CohortListing, month: string): CohortReport {
  const byUser = new Map<string, ReportLearner>();
  const labsOf = new Map<string, CohortListing['labs']>();
  for (const lab of listing.labs) labsOf.set(lab.userId, [...(labsOf.get(lab.userId) ?? []), lab]);
  for (const lab of listing.labs) {
    const seen = byUser.get(lab.userId);
    const scores = [seen?.score, lab.score].filter((s): s is number => s !== null && s !== undefined);
    byUser.set(lab.userId, {
      learner: lab.learner,
      userId: lab.userId,
      projectName: lab.projectName,
      labs: (seen?.labs ?? 0) + 1,
      runningSeconds: (seen?.runningSeconds ?? 0) + lab.runningSecondsMonth,
      suspendedSeconds: (seen?.suspendedSeconds ?? 0) + lab.suspendedSecondsMonth,
      ...renamedActivity(activityTotals(labsOf.get(lab.userId)!)),
      cost: lab.costMonth === null && !seen ? null : roundToCent((seen?.cost ?? 0) + (lab.costMonth ?? 0)),
      score: scores.length ? Math.max(...scores) : null,
    });
  }
  const learners = [...byUser.values()].sort((a, b) => a.learner.localeCompare(b.learner));
  const sum = (pick: (l: ReportLearner) => number) => learners.reduce((total, l) => total + pick(l), 0);
  return {
    courseId: listing.courseId,
    month,
    cloud: listing.cloud,
    cohort: listing.cohort,
    currency: listing.totals.currency,
    learners,
    totals: {
      learners: learners.length,
      labs: sum((l) => l.labs),
      runningSeconds: sum((l) => l.runningSeconds),
      suspendedSeconds: sum((l) => l.suspendedSeconds),
      ...renamedActivity(activityTotals(listing.labs)),
      cost: listing.totals.currency === null ? null : roundToCent(sum((l) => l.cost ?? 0)),
    },
    problems: listing.problems,
    generatedAt: listing.generatedAt,
  };
}

function renamedActivity(totals: ReturnType<typeof activityTotals>): Pick<ReportLearner, 'activeSeconds' | 'wasteRatio'> {
  return { activeSeconds: totals.activeSecondsMonth, wasteRatio: totals.wasteRatio };
}

const hours = (seconds: number): string => (seconds / 3600).toFixed(4);
const maybeHours = (seconds: number | null): string => (seconds === null ? '' : hours(seconds));
const ratio = (value: number | null): string => (value === null ? '' : value.toFixed(2));

/** The report as CSV: one line per learner, then a TOTAL line; hours with four decimals, cost to the cent. */
export function cohortReportCsv(report: CohortReport): string {
  const head = [
    'learner',
    'userId',
    'projectName',
    'labs',
    'runningHours',
    'suspendedHours',
    'activeHours',
    'wasteRatio',
    'cost',
    'currency',
    'score',
  ];
  const rows = report.learners.map((l) => [
    l.learner,
    l.userId,
    l.projectName,
    l.labs,
    hours(l.runningSeconds),
    hours(l.suspendedSeconds),
    maybeHours(l.activeSeconds),
    ratio(l.wasteRatio),
    l.cost === null ? '' : l.cost.toFixed(2),
    report.currency ?? '',
    l.score ?? '',
  ]);
  const t = report.totals;
  rows.push([
    'TOTAL',
    '',
    '',
    t.labs,
    hours(t.runningSeconds),
    hours(t.suspendedSeconds),
    maybeHours(t.activeSeconds),
    ratio(t.wasteRatio),
    t.cost === null ? '' : t.cost.toFixed(2),
    report.currency ?? '',
    '',
  ]);
  return `${[head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
