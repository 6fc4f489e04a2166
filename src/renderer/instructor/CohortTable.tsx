import { memo, useCallback, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { translator } from '../i18n/translator';
import type { CohortLab } from '../../shared/cohort/cohort-lab';
import { formatUptime } from '../../shared/cohort/uptime-format';
import { labStateWords } from '../../shared/labs/lab-words';
import { formatMoney } from '../../shared/labs/money-format';
import { labHours } from '../lab/lab-format';
import { formatAge, type SortKey, type SortOrder } from './cohort-table-model';
import { useActivityText } from './activity-text';
import { rowIndexOf, useRowWindow } from './use-row-window';

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

interface RowProps {
  lab: CohortLab;
  /** 0-based position among the filtered, sorted rows. */
  index: number;
  now: number;
  eventsPending: boolean;
  currency: string | null;
  selected: boolean;
  /** The row Tab lands on (the others are reached with the arrow keys). */
  tabbable: boolean;
  onToggle: (stackId: string, on: boolean) => void;
  onOpen: (lab: CohortLab) => void;
}

/** One lab's row; memoised, so scrolling draws only the rows that come into view. */
const CohortRow = memo(function CohortRow({
  lab,
  index,
  now,
  eventsPending,
  currency,
  selected,
  tabbable,
  onToggle,
  onOpen,
}: RowProps): ReactNode {
  const { t, i18n } = useTranslation(['ui', 'common']);
  const activity = useActivityText();
  return (
    <tr data-group={lab.group} aria-selected={selected} aria-rowindex={index + 2} tabIndex={tabbable ? 0 : -1}>
      <td>
        <input
          type="checkbox"
          aria-label={t('instructor.table.select', { learner: lab.learner })}
          checked={selected}
          onChange={(e) => onToggle(lab.stackId, e.target.checked)}
        />
      </td>
      <td>
        <button type="button" className="link-button" onClick={() => onOpen(lab)}>
          {lab.learner}
        </button>
        {lab.learnerDisplayName && <span className="learner-display-name"> {lab.learnerDisplayName}</span>}
      </td>
      <td title={[lab.state, lab.statusReason].filter(Boolean).join(': ')}>
        <span className={`state state-${lab.group}`}>{t(labStateWords({ state: lab.state, group: lab.group }).key)}</span>
      </td>
      {eventsPending ? (
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
          <td>{formatAge(lab.since, now)}</td>
          <td>{formatUptime(lab.uptimeWeekSeconds)}</td>
          <td>{lab.lastActivity ? t('instructor.table.ago', { age: formatAge(lab.lastActivity, now) }) : '—'}</td>
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
              lab.perHourNow !== null && currency
                ? t('instructor.table.perHourNow', { amount: formatMoney(lab.perHourNow, currency, i18n.language) })
                : undefined
            }
          >
            {lab.costMonth === null || !currency ? '—' : formatMoney(lab.costMonth, currency, i18n.language)}
          </td>
        </>
      )}
      <td data-testid="score" title={scoreTitle(lab)}>
        {scoreText(lab)}
      </td>
    </tr>
  );
});

/** A stand-in for the rows not drawn: empty space of their height, hidden from screen readers. */
function Spacer({ height }: { height: number }): ReactNode {
  if (height <= 0) return null;
  return (
    <tr className="cohort-spacer" aria-hidden="true">
      <td colSpan={COLUMNS.length + 1} style={{ height }} />
    </tr>
  );
}

/**
 * Every filtered lab in one scrolling table, of which only the rows in view are drawn: with 5,000
 * labs the DOM holds a few dozen rows, and sorting or filtering re-renders those, not 5,000.
 * Screen readers still hear the whole table (aria-rowcount, each row's aria-rowindex), and the
 * keyboard reaches every row (see useRowWindow).
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
  const { t } = useTranslation(['ui', 'common']);
  const scroller = useRef<HTMLDivElement>(null);
  const view = useRowWindow(props.rows.length, scroller);
  const { rows, selected, onSelect, onOpen } = props;
  const toggle = useCallback(
    (ids: readonly string[], on: boolean) => {
      const next = new Set(selected);
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      onSelect(next);
    },
    [selected, onSelect],
  );
  const toggleOne = useCallback((id: string, on: boolean) => toggle([id], on), [toggle]);
  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    // On a focused row itself: Enter opens its detail, Space selects it (inside a cell, the control's own keys).
    const onRow = event.target instanceof HTMLElement && event.target.matches('tr[aria-rowindex]');
    const index = onRow ? rowIndexOf(event.target) : undefined;
    const lab = index === undefined ? undefined : rows[index];
    if (lab && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      if (event.key === 'Enter') onOpen(lab);
      else toggleOne(lab.stackId, !selected.has(lab.stackId));
      return;
    }
    view.onKeyDown(event);
  };
  const tabbable = view.focusIndex >= view.first && view.focusIndex < view.end ? view.focusIndex : view.first;
  return (
    <div className="cohort-table-wrap" ref={scroller} onScroll={view.onScroll} onKeyDown={onKeyDown}>
      <table className="cohort-table" aria-label={t('instructor.table.title')} aria-rowcount={rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th>
              <input
                type="checkbox"
                aria-label={t('instructor.table.selectAll')}
                checked={rows.length > 0 && rows.every((r) => selected.has(r.stackId))}
                onChange={(e) =>
                  toggle(
                    rows.map((r) => r.stackId),
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
        <tbody onFocus={view.onFocus}>
          <Spacer height={view.spaceAbove} />
          {rows.slice(view.first, view.end).map((lab, i) => (
            <CohortRow
              key={lab.stackId}
              lab={lab}
              index={view.first + i}
              now={props.now}
              eventsPending={props.eventsPending ?? false}
              currency={props.currency ?? null}
              selected={selected.has(lab.stackId)}
              tabbable={view.first + i === tabbable}
              onToggle={toggleOne}
              onOpen={onOpen}
            />
          ))}
          <Spacer height={view.spaceBelow} />
        </tbody>
      </table>
    </div>
  );
}
