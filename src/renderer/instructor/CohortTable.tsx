import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CohortLab } from '../../shared/cohort/cohort-lab';
import { formatUptime } from '../../shared/cohort/uptime-format';
import { labStateWords } from '../../shared/labs/lab-words';
import { formatHours, formatMoney } from '../../shared/labs/lab-rates';
import { formatAge, type SortKey, type SortOrder } from './cohort-table-model';
import { useActivityText } from './activity-text';

const PAGE = 100;

/** passed/total of the last progress-check run; "—" before any. */
function scoreText(lab: CohortLab): string {
  const d = lab.scoreDetail;
  if (d && d.total > 0 && lab.score !== null) return `${d.passed}/${d.total}`;
  if (d?.error && lab.score === null) return 'not checked';
  return lab.score === null ? '—' : `${Math.round(lab.score * 100)} %`;
}

function scoreTitle(lab: CohortLab): string | undefined {
  const d = lab.scoreDetail;
  if (!d) return undefined;
  const steps = d.steps.map((s) => `${s.title}: ${s.passed}/${s.total}${s.solved ? ' (solved)' : ''}`).join('\n');
  return [d.error ? `Last check failed: ${d.error}` : undefined, steps].filter(Boolean).join('\n') || undefined;
}

const COLUMNS: { key: SortKey; label: string | ((t: ReturnType<typeof useTranslation>['t']) => string) }[] = [
  { key: 'learner', label: 'Learner' },
  { key: 'state', label: 'State' },
  { key: 'since', label: 'In state' },
  { key: 'uptimeWeekSeconds', label: 'Up this week' },
  { key: 'lastActivity', label: 'Last activity' },
  { key: 'runningSecondsMonth', label: 'Billed (month)' },
  { key: 'activeSecondsMonth', label: (t) => t('cost.activity.column.active') },
  { key: 'wasteRatio', label: (t) => t('cost.activity.column.waste') },
  { key: 'costMonth', label: 'Cost (month)' },
  { key: 'score', label: 'Score' },
];

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
  const { t } = useTranslation();
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
      <table className="cohort-table" aria-label="Labs">
        <thead>
          <tr>
            <th>
              <input
                type="checkbox"
                aria-label="Select all matching labs"
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
                    {typeof c.label === 'string' ? c.label : c.label(t)}
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
                  aria-label={`Select ${lab.learner}`}
                  checked={props.selected.has(lab.stackId)}
                  onChange={(e) => toggle([lab.stackId], e.target.checked)}
                />
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => props.onOpen(lab)}>
                  {lab.learner}
                </button>
              </td>
              <td title={[lab.state, lab.statusReason].filter(Boolean).join(': ')}>
                <span className={`state state-${lab.group}`}>{labStateWords({ state: lab.state, group: lab.group }).word}</span>
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
                  <td>{lab.lastActivity ? `${formatAge(lab.lastActivity, props.now)} ago` : '—'}</td>
                  <td title="running / suspended, this month (UTC)">
                    {formatHours(lab.runningSecondsMonth)} / {formatHours(lab.suspendedSecondsMonth)}
                  </td>
                  <td data-testid="active" title={lab.activeSecondsMonth === null ? activity.unknownHint : activity.activeHint}>
                    {activity.hours(lab.activeSecondsMonth)}
                  </td>
                  <td data-testid="waste" title={lab.activeSecondsMonth === null ? activity.unknownHint : activity.wasteHint}>
                    {activity.ratio(lab.wasteRatio)}
                  </td>
                  <td
                    data-testid="cost"
                    title={lab.perHourNow !== null && props.currency ? `${formatMoney(lab.perHourNow, props.currency)}/h now` : undefined}
                  >
                    {lab.costMonth === null || !props.currency ? '—' : formatMoney(lab.costMonth, props.currency)}
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
        <nav className="cohort-pages" aria-label="Pages">
          <button type="button" className="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            Page {page + 1} of {pages}
          </span>
          <button type="button" className="button" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </nav>
      )}
    </div>
  );
}
