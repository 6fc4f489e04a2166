import type { CohortLab } from './cohort-lab';

/** The columns of `cohort export` and of the dashboard's CSV button, in this order. */
export const COHORT_CSV_COLUMNS: (keyof CohortLab)[] = [
  'learner',
  'userId',
  'courseId',
  'courseVersion',
  'state',
  'group',
  'since',
  'uptimeWeekSeconds',
  'lastActivity',
  'costMonth',
  'runningSecondsMonth',
  'suspendedSecondsMonth',
  'activeSecondsMonth',
  'wasteRatio',
  'perHourNow',
  'score',
  'stackName',
  'stackId',
  'projectName',
  'projectId',
  'flavors',
  'statusReason',
  'createdAt',
];

/** RFC 4180: quote a cell holding a comma, quote or line break; double the quotes inside. */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function cohortCsv(labs: readonly CohortLab[]): string {
  const lines = [COHORT_CSV_COLUMNS.join(','), ...labs.map((lab) => COHORT_CSV_COLUMNS.map((c) => csvCell(lab[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
