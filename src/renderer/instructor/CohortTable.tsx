import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { translator } from '../i18n/translator';
import type { CohortLab } from '../../shared/cohort/cohort-lab';
import { formatUptime } from '../../shared/cohort/uptime-format';
import { labStateWords } from '../../shared/labs/lab-words';
import { formatMoney } from '../../shared/labs/money-format';
import { labHours } from '../lab/lab-format';
import { formatAge, type SortKey, type SortOrder } from './cohort-table-model';
import { useActivityText } from './activity-text';

const PAGE = 100;

/** passed/total of the last progress-check run; "—" before any. */
function scoreText(lab: CohortLab): string {
  const d = lab.scoreDetail;
  if (d && d.total > 0 && lab.score !== null) return `${d.passed}/${d.total}`;
  if (d?.error && lab.score === null) return translator.t('instructor.table.notChecked');
  return lab.score === null ? '—' : `${Math.round(lab.score * 100)} %`;
}

function scoreTitle(lab: CohortLab): string | undefined {
  const d = lab.scoreDetail;
  if (!d) return undefined;
  const { t } = translator;
  const steps = d.steps.map((s) => `${s.title}: ${s.passed}/${s.total}${s.solved ? ` ${t('instructor.table.solved')}` : ''}`).join('\n');
  return [d.error ? t('instructor.table.lastCheckFailed', { message: d.error }) : undefined, steps].filter(Boolean).join('\n') || undefined;
}

const COLUMNS = [
  { key: 'learner', label: 'instructor.table.column.learner' },
  { key: 'state', label: 'instructor.table.column.state' },
  { key: 'since', label: 'instructor.table.column.since' },
  { key: 'uptimeWeekSeconds', label: 'instructor.table.column.uptimeWeek' },
  { key: 'lastActivity', label: 'instructor.table.column.lastActivity' },
  { key: 'runningSecondsMonth', label: 'instructor.table.column.billedMonth' },
  { key: 'activeSecondsMonth', label: 'cost.activity.column.active' },
  { key: 'wasteRatio', label: 'cost.activity.column.waste' },
  { key: 'costMonth', label: 'instructor.table.column.costMonth' },
  { key: 'score', label: 'instructor.table.column.score' },
] as const satisfies readonly { key: SortKey; label: `instructor.table.column.${string}` | `cost.activity.column.${string}` }[];

/**
 * The labs, a page of 100 at a time: with 1,000 labs the DOM stays small and sorting or filtering
 * re-renders one page, not a thousand rows.
 */
export function CohortTable(props: {
  rows: readonly CohortLab[];
  now: number;
  /** The rows came without their events: the columns those give are not known yet. */
  eventsPending?: boolean;
  /** The currency of the cohort's rates; null: no rates, no cost. */
  currency?: string | null;
  sort: SortOrder;
  onSort: (sort: SortOrder) => void;
  selected: ReadonlySet<string>;
  onSelect: (selected: ReadonlySet<string>) => void;
  onOpen: (lab: CohortLab) => void;
}): ReactNode {
  const { t, i18n } = useTranslation(['ui', 'common']);
  const activity = useActivityText();
  const [wantedPage, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(props.rows.length / PAGE));
  // A filter may leave fewer pages than the one open: show the last one then.
  const page = Math.min(wantedPage, pages - 1);
  const shown = props.rows.slice(page * PAGE, page * PAGE + PAGE);
  const toggle = (ids: readonly string[], on: boolean): void => {
    const next = new Set(props.selected);
    for (const id of ids)
      if (on) next.add(id);
      else next.delete(id);
    props.onSelect(next);
  };
  return (
    <div className="cohort-table-wrap">
      <table className="cohort-table" aria-label={t('instructor.table.title')}>
        <thead>
          <tr>
            <th>
              <input
                type="checkbox"
                aria-label={t('instructor.table.selectAll')}
                checked={props.rows.length > 0 && props.rows.every((r) => props.selected.has(r.stackId))}
                onChange={(e) =>
                  toggle(
                    props.rows.map((r) => r.stackId),
                    e.target.checked,
                  )
                }
              />
            </th>
            {COLUMNS.map((c) => {
              const active = props.sort.key === c.key;
              return (
                <th key={c.key} aria-sort={active ? (props.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => props.onSort({ key: c.key, dir: active && props.sort.dir === 'asc' ? 'desc' : 'asc' })}
                  >
                    {t(c.label)}
                    {active ? (props.sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((lab) => (
            <tr key={lab.stackId} data-group={lab.group} aria-selected={props.selected.has(lab.stackId)}>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('instructor.table.select', { learner: lab.learner })}
                  checked={props.selected.has(lab.stackId)}
                  onChange={(e) => toggle([lab.stackId], e.target.checked)}
                />
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => props.onOpen(lab)}>
                  {lab.learner}
                </button>
                {lab.learnerDisplayName && <span className="learner-display-name"> {lab.learnerDisplayName}</span>}
              </td>
              <td title={[lab.state, lab.statusReason].filter(Boolean).join(': ')}>
                <span className={`state state-${lab.group}`}>{t(labStateWords({ state: lab.state, group: lab.group }).key)}</span>
              </td>
              {props.eventsPending ? (
                <>
                  <td aria-busy="true">…</td>
                  <td aria-busy="true">…</td>
                  <td aria-busy="true">…</td>
                  <td aria-busy="true">…</td>
                  <td aria-busy="true">…</td>
                  <td aria-busy="true">…</td>
                  <td aria-busy="true">…</td>
                </>
              ) : (
                <>
                  <td>{formatAge(lab.since, props.now)}</td>
                  <td>{formatUptime(lab.uptimeWeekSeconds)}</td>
                  <td>{lab.lastActivity ? t('instructor.table.ago', { age: formatAge(lab.lastActivity, props.now) }) : '—'}</td>
                  <td title={t('instructor.table.billedTitle')}>
                    {labHours(lab.runningSecondsMonth)} / {labHours(lab.suspendedSecondsMonth)}
                  </td>
                  <td data-testid="active" title={lab.activeSecondsMonth === null ? activity.unknownHint : activity.activeHint}>
                    {activity.hours(lab.activeSecondsMonth)}
                  </td>
                  <td data-testid="waste" title={lab.activeSecondsMonth === null ? activity.unknownHint : activity.wasteHint}>
                    {activity.ratio(lab.wasteRatio)}
                  </td>
                  <td
                    data-testid="cost"
                    title={
                      lab.perHourNow !== null && props.currency
                        ? t('instructor.table.perHourNow', { amount: formatMoney(lab.perHourNow, props.currency, i18n.language) })
                        : undefined
                    }
                  >
                    {lab.costMonth === null || !props.currency ? '—' : formatMoney(lab.costMonth, props.currency, i18n.language)}
                  </td>
                </>
              )}
              <td data-testid="score" title={scoreTitle(lab)}>
                {scoreText(lab)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <nav className="cohort-pages" aria-label={t('instructor.table.pages')}>
          <button type="button" className="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('instructor.table.previous')}
          </button>
          <span>{t('instructor.table.page', { page: page + 1, pages })}</span>
          <button type="button" className="button" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            {t('instructor.table.next')}
          </button>
        </nav>
      )}
    </div>
  );
}
