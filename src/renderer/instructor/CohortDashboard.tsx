import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CohortAction, CohortLab, CohortListing } from '../../shared/cohort/cohort-lab';
import type { LabScore } from '../../shared/cohort/cohort-scores';
import { Trans, useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { useActivityText } from './activity-text';
import { hrefOf } from '../hooks/use-route';
import { BulkBar, type BulkProgress } from './BulkBar';
import { CohortTable } from './CohortTable';
import { LabDetail } from './LabDetail';
import { RunningChart } from './RunningChart';
import { applicable, visibleRows, type GroupFilter, type SortOrder } from './cohort-table-model';
import { cohortCsv } from '../../shared/cohort/cohort-csv';
import { formatMoney } from '../../shared/labs/money-format';
import { labHours } from '../lab/lab-format';

const REFRESH_MS = 15_000;

/** The state filter's choices, in the order the menu lists them. */
const GROUP_FILTERS = ['all', 'up', 'down', 'pending', 'failed'] as const satisfies readonly GroupFilter[];

/** Saves text as a file through the browser's download (the same columns as `cohort export`). */
function downloadCsv(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Every lab of a course across the cohort: totals, chart, table, bulk actions, detail. */
export function CohortDashboard({ courseId }: { courseId: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const activity = useActivityText();
  const api = useApi();
  const [listing, setListing] = useState<CohortListing>();
  const [error, setError] = useState<string>();
  const [filter, setFilter] = useState<GroupFilter>('all');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortOrder>({ key: 'learner', dir: 'asc' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [detailId, setDetailId] = useState<string>();
  const [checks, setChecks] = useState<{ done: number; total: number; results: readonly LabScore[]; running: boolean }>();
  const [progress, setProgress] = useState<BulkProgress>();
  const [now, setNow] = useState(() => Date.now());

  const inFlight = useRef<Promise<void>>(undefined);
  /** One listing at a time: a large cohort can take longer to list than the refresh period. */
  const refresh = useCallback((): Promise<void> => {
    inFlight.current ??= (async () => {
      try {
        const next = await api.call('cohort.list', { courseId });
        // Replace the data in one step; the table keeps its rows until then (no flicker).
        setListing(next);
        setNow(Date.now());
        setError(undefined);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    })().finally(() => {
      inFlight.current = undefined;
    });
    return inFlight.current;
  }, [api, courseId]);

  // The next refresh is due REFRESH_MS after the last one ended, never on top of it.
  // The screen mounts one dashboard per course (key = course id), so no state carries over.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const loop = async (): Promise<void> => {
      await refresh();
      if (!stopped) timer = setTimeout(() => void loop(), REFRESH_MS);
    };
    timer = setTimeout(() => void loop(), 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [refresh]);

  // The first listing shows the labs and their states as soon as they are listed; what their
  // events tell follows with the answer. Later refreshes keep the table as it is until then.
  useEffect(
    () =>
      api.on('cohort.listed', (partial) => {
        if (partial.courseId === courseId) setListing((prev) => prev ?? partial);
      }),
    [api, courseId],
  );

  useEffect(
    () =>
      api.on('cohort.progress', (p) =>
        setProgress((prev) =>
          prev && prev.action === p.action ? { ...prev, done: p.done, total: p.total, results: [...prev.results, p.result] } : prev,
        ),
      ),
    [api],
  );

  useEffect(
    () =>
      api.on('cohort.checkProgress', (p) =>
        setChecks((prev) => (prev?.running ? { ...prev, done: p.done, total: p.total, results: [...prev.results, p.result] } : prev)),
      ),
    [api],
  );

  /** Runs the course's checks over SSH on the given labs (the app runs a few at a time). */
  const checkProgress = async (stackIds: string[]): Promise<void> => {
    if (!stackIds.length) return;
    setChecks({ done: 0, total: stackIds.length, results: [], running: true });
    try {
      const out = await api.call('cohort.check', { courseId, stackIds });
      setChecks({ done: out.results.length, total: stackIds.length, results: out.results, running: false });
    } catch (e) {
      setChecks(undefined);
      setError(e instanceof Error ? e.message : String(e));
    }
    await refresh();
  };

  // The detail follows the listing, so a refresh (or a check) shows there too.
  const detail = listing?.labs.find((l) => l.stackId === detailId);

  const rows = useMemo(() => visibleRows(listing?.labs ?? [], filter, search, sort), [listing, filter, search, sort]);
  // Stable, so that the table's rows redraw only when their own lab changes.
  const openDetail = useCallback((lab: CohortLab) => setDetailId(lab.stackId), []);

  const act = async (action: CohortAction, confirm?: string): Promise<void> => {
    const stackIds = [...selected];
    setProgress({ action, done: 0, total: stackIds.length, results: [], running: true });
    try {
      const out = await api.call('cohort.act', { courseId, action, stackIds, ...(confirm ? { confirm } : {}) });
      setProgress({ action, done: out.results.length, total: stackIds.length, results: out.results, running: false });
      setSelected(new Set());
    } catch (e) {
      setProgress(undefined);
      setError(e instanceof Error ? e.message : String(e));
    }
    void refresh();
  };

  const totals = listing?.totals;
  return (
    <div className="cohort">
      {listing && (
        <p className="muted cohort-scope" data-testid="cohort-scope">
          {t('instructor.dashboard.scope', { count: listing.projects, cloud: listing.cloud })}
          {listing.cohort ? t('instructor.dashboard.tagged', { cohort: listing.cohort }) : ''}
          {listing.projectPattern ? t('instructor.dashboard.namedLike', { pattern: listing.projectPattern }) : ''} ·{' '}
          <a href={hrefOf('settings')}>{t('instructor.dashboard.changeInSettings')}</a>
        </p>
      )}
      <section className="cohort-totals" aria-label={t('instructor.dashboard.totals')}>
        <p>
          <Trans
            i18nKey="instructor.dashboard.runningNow"
            values={{ running: totals ? totals.running : '…' }}
            components={{ count: <strong data-testid="running-now" /> }}
          />
        </p>
        {/* Before any listing, an error (the cloud down) is the one message: no "Loading…" beside it. */}
        {(totals || !error) && (
          <p>
            {totals
              ? t('instructor.dashboard.counts', {
                  labs: totals.labs,
                  suspended: totals.suspended,
                  failed: totals.failed,
                  pending: totals.pending,
                })
              : t('instructor.dashboard.loading')}
          </p>
        )}
        <p>
          {t('instructor.dashboard.costMonth')}{' '}
          <strong data-testid="cost-month">
            {listing && !listing.withEvents
              ? '…'
              : totals?.costMonth != null && totals.currency
                ? formatMoney(totals.costMonth, totals.currency, i18n.language)
                : '—'}
          </strong>
          {totals && listing?.withEvents && (
            <span className="muted">
              {' '}
              ·{' '}
              {t('instructor.dashboard.billed', {
                running: labHours(totals.runningSecondsMonth),
                suspended: labHours(totals.suspendedSecondsMonth),
              })}{' '}
              ·{' '}
              <span data-testid="active-month" title={totals.activeSecondsMonth === null ? activity.unknownHint : activity.wasteHint}>
                {t('cost.activity.totals', { hours: activity.hours(totals.activeSecondsMonth), ratio: activity.ratio(totals.wasteRatio) })}
              </span>
            </span>
          )}
        </p>
        {listing?.withEvents && <RunningChart points={listing.runningSeries} />}
        {listing && !listing.withEvents && (
          <p className="muted" role="status">
            {t('instructor.dashboard.readingEvents')}
          </p>
        )}
      </section>
      {error && (
        <p role="alert" className="cohort-error">
          {error}
        </p>
      )}
      {listing?.learnerNames?.problem && (
        // Quiet on purpose: the listing is whole, only the names are the labs' owners rather than Keystone's.
        <details className="muted" data-testid="learner-names-note">
          <summary>{t('instructor.dashboard.namesFromOwner')}</summary>
          {listing.learnerNames.problem}
        </details>
      )}
      {listing?.problems.map((p) => (
        <p key={p.project + p.message} className="muted">
          {p.project}: {p.message}
        </p>
      ))}
      <section className="cohort-filters" aria-label={t('instructor.dashboard.filters')}>
        <label>
          {t('instructor.dashboard.state')}{' '}
          <select
            aria-label={t('instructor.dashboard.filterByState')}
            value={filter}
            onChange={(e) => setFilter(e.target.value as GroupFilter)}
          >
            {GROUP_FILTERS.map((group) => (
              <option key={group} value={group}>
                {t(`instructor.dashboard.group.${group}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('instructor.dashboard.learner')}{' '}
          <input
            type="search"
            aria-label={t('instructor.dashboard.searchLearners')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <span className="muted" data-testid="row-count">
          {t('instructor.dashboard.rowCount', { shown: rows.length, total: listing?.labs.length ?? 0 })}
        </span>
        <button type="button" className="button" onClick={() => void refresh()}>
          {t('instructor.dashboard.refresh')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!listing?.withEvents || rows.length === 0}
          onClick={() => downloadCsv(`cohort-${courseId}-${new Date(now).toISOString().slice(0, 10)}.csv`, cohortCsv(rows))}
        >
          {t('instructor.dashboard.exportCsv')}
        </button>
      </section>
      <BulkBar
        courseId={courseId}
        selected={selected.size}
        applies={applicable(listing?.labs ?? [], selected)}
        progress={progress}
        onDismiss={() => setProgress(undefined)}
        onAct={(a, c) => void act(a, c)}
        onClear={() => setSelected(new Set())}
        onCheck={() => void checkProgress([...selected])}
        checking={checks?.running ?? false}
      />
      {checks && (
        <div className="cohort-progress" aria-label={t('instructor.checks.title')}>
          <div
            className="progress"
            role="progressbar"
            aria-label={t('instructor.checks.bar')}
            aria-valuemin={0}
            aria-valuemax={checks.total}
            aria-valuenow={checks.done}
          >
            <span style={{ width: `${checks.total ? (checks.done / checks.total) * 100 : 0}%` }} />
          </div>
          <p>
            {t('instructor.checks.done', { done: checks.done, total: checks.total })}
            {checks.results.some((r) => r.error) &&
              ` — ${t('instructor.checks.notChecked', { count: checks.results.filter((r) => r.error).length })}`}
          </p>
          {!checks.running && checks.results.some((r) => r.error) && (
            <details>
              <summary>{t('instructor.checks.labsNotChecked')}</summary>
              <ul>
                {checks.results
                  .filter((r) => r.error)
                  .map((r) => (
                    <li key={r.stackId}>
                      {r.learner}: {r.error}
                    </li>
                  ))}
              </ul>
            </details>
          )}
        </div>
      )}
      <div className="cohort-main">
        <CohortTable
          rows={rows}
          now={now}
          eventsPending={listing ? !listing.withEvents : false}
          currency={listing?.totals.currency ?? null}
          sort={sort}
          onSort={setSort}
          selected={selected}
          onSelect={setSelected}
          onOpen={openDetail}
        />
        {detail && (
          <LabDetail
            lab={detail}
            onClose={() => setDetailId(undefined)}
            onCheck={(id) => void checkProgress([id])}
            checking={checks?.running ?? false}
          />
        )}
      </div>
    </div>
  );
}
