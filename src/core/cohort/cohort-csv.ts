import type { CohortLab } from '../../shared/cohort/cohort-lab';

const COLUMNS: (keyof CohortLab)[] = [
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
  'score',
  'stackName',
  'stackId',
  'projectName',
  'projectId',
  'statusReason',
  'createdAt',
];

/** RFC 4180: quote a cell holding a comma, quote or line break; double the quotes inside. */
function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function cohortCsv(labs: readonly CohortLab[]): string {
  const lines = [COLUMNS.join(','), ...labs.map((lab) => COLUMNS.map((c) => cell(lab[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
