import type { CohortLab, CohortListing } from '../../../shared/cohort/cohort-lab';
import { formatUptime } from '../../../shared/cohort/uptime-format';
import { labStateWords } from '../../../shared/labs/lab-words';
import type { CliText } from '../cli-text';
import { textTableLines } from '../text-table';

function scoreCell(text: CliText, lab: CohortLab): string {
  const d = lab.scoreDetail;
  if (d && d.total > 0 && lab.score !== null) return `${d.passed}/${d.total} (${text.percent(lab.score)})`;
  if (d?.error) return text.t('cohort.notChecked');
  return lab.score === null ? '—' : text.percent(lab.score);
}

/** ✓ done by the learner, ✗ not yet, ~ done by the course's solve script. */
function stepMark(step: NonNullable<CohortLab['scoreDetail']>['steps'][number]): string {
  if (step.solved) return '~';
  return step.passed === step.total ? '✓' : '✗';
}

/** Per lab, per step: what `--scores` adds under the table. */
function scoreLines({ t }: CliText, listing: CohortListing): string[] {
  const checked = listing.labs.filter((l) => l.scoreDetail);
  if (!checked.length) return [];
  return [
    '',
    t('cohort.list.progressChecks'),
    ...checked.flatMap((l) => [
      `  ${l.learner}: ${
        l.scoreDetail!.error
          ? t('cohort.list.notCheckedWhy', { error: l.scoreDetail!.error })
          : t('cohort.list.passed', { passed: l.scoreDetail!.passed, total: l.scoreDetail!.total })
      }`,
      ...l.scoreDetail!.steps.map(
        (s) => `    ${stepMark(s)} ${s.stepId}: ${s.passed}/${s.total}${s.solved ? t('cohort.list.solved') : ''}`,
      ),
    ]),
  ];
}

/** `cohort list` for people: the learners' labs in words, the totals, the problems, and with --scores each step. */
export function humanTable(text: CliText, listing: CohortListing): string {
  const { t } = text;
  if (!listing.labs.length) return t('cohort.list.none', { courseId: listing.courseId, projects: listing.projects, cloud: listing.cloud });
  // States in words (Running, Suspended, Failed); Heat's own (CREATE_COMPLETE) is in --json and export.
  const rows = listing.labs.map((l) => [
    l.learner,
    labStateWords({ state: l.state, group: l.group }).word,
    l.since ?? '—',
    formatUptime(l.uptimeWeekSeconds),
    l.lastActivity ?? '—',
    l.costMonth === null ? '—' : text.fixed(l.costMonth, 2),
    scoreCell(text, l),
  ]);
  const head = [
    t('cohort.list.learner'),
    t('cohort.list.state'),
    t('cohort.list.since'),
    t('cohort.list.upThisWeek'),
    t('cohort.list.lastActivity'),
    listing.totals.currency ? t('cohort.list.costMonthIn', { currency: listing.totals.currency }) : t('cohort.list.costMonth'),
    t('cohort.list.score'),
  ];
  const totals = listing.totals;
  return [
    ...textTableLines(head, rows),
    '',
    t('cohort.list.totals', { ...totals, projects: listing.projects }) +
      (totals.costMonth !== null
        ? t('cohort.list.totalsCost', {
            cost: totals.currency ? text.money(totals.costMonth, totals.currency) : text.fixed(totals.costMonth, 2),
          })
        : ''),
    ...listing.problems.map((p) => t('cohort.list.problem', { project: p.project, message: p.message })),
    ...scoreLines(text, listing),
  ].join('\n');
}
