import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { CohortAction, CohortLab, CohortListing } from '../../shared/cohort/cohort-lab';
import { useApi } from '../api/api-context';
import { BulkBar, type BulkProgress } from './BulkBar';
import { CohortTable } from './CohortTable';
import { LabDetail } from './LabDetail';
import { RunningChart } from './RunningChart';
import { visibleRows, type GroupFilter, type SortOrder } from './cohort-table-model';

const REFRESH_MS = 15_000;

/** Every lab of a course across the cohort: totals, chart, table, bulk actions, detail. */
export function CohortDashboard({ courseId }: { courseId: string }): ReactNode {
  const api = useApi();
  const [listing, setListing] = useState<CohortListing>();
  const [error, setError] = useState<string>();
  const [filter, setFilter] = useState<GroupFilter>('all');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortOrder>({ key: 'learner', dir: 'asc' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [detail, setDetail] = useState<CohortLab>();
  const [progress, setProgress] = useState<BulkProgress>();
  const [now, setNow] = useState(() => Date.now());

  const refresh = useCallback(async () => {
    try {
      const next = await api.call('cohort.list', { courseId });
      // Replace the data in one step; the table keeps its rows until then (no flicker).
      setListing(next);
      setNow(Date.now());
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [api, courseId]);

  // The screen mounts one dashboard per course (key = course id), so no state carries over.
  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [refresh]);

  useEffect(
    () =>
      api.on('cohort.progress', (p) =>
        setProgress((prev) => (prev && prev.action === p.action ? { ...prev, done: p.done, total: p.total, results: [...prev.results, p.result] } : prev)),
      ),
    [api],
  );

  const rows = useMemo(() => visibleRows(listing?.labs ?? [], filter, search, sort), [listing, filter, search, sort]);

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

  const t = listing?.totals;
  return (
    <div className="cohort">
      <section className="cohort-totals" aria-label="Totals">
        <p>
          <strong data-testid="running-now">{t ? t.running : '…'}</strong> running now
        </p>
        <p>{t ? `${t.labs} labs · ${t.suspended} suspended · ${t.failed} failed · ${t.pending} pending` : 'Loading the cohort…'}</p>
        <p>
          Cost this month: <strong>{t?.costMonth != null ? `${t.costMonth.toFixed(2)} ${t.currency ?? ''}` : '—'}</strong>
        </p>
        {listing && <RunningChart points={listing.runningSeries} />}
      </section>
      {error && <p role="alert" className="cohort-error">{error}</p>}
      {listing?.problems.map((p) => (
        <p key={p.project + p.message} className="muted">
          {p.project}: {p.message}
        </p>
      ))}
      <section className="cohort-filters" aria-label="Filters">
        <label>
          State{' '}
          <select aria-label="Filter by state" value={filter} onChange={(e) => setFilter(e.target.value as GroupFilter)}>
            <option value="all">All</option>
            <option value="up">Running</option>
            <option value="down">Suspended</option>
            <option value="pending">In progress</option>
            <option value="failed">Failed</option>
          </select>
        </label>
        <label>
          Learner <input type="search" aria-label="Search learners" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <span className="muted" data-testid="row-count">
          {rows.length} of {listing?.labs.length ?? 0} labs
        </span>
        <button type="button" className="button" onClick={() => void refresh()}>Refresh</button>
      </section>
      <BulkBar courseId={courseId} selected={selected.size} progress={progress} onAct={(a, c) => void act(a, c)} onClear={() => setSelected(new Set())} />
      <div className="cohort-main">
        <CohortTable rows={rows} now={now} sort={sort} onSort={setSort} selected={selected} onSelect={setSelected} onOpen={setDetail} />
        {detail && <LabDetail lab={detail} onClose={() => setDetail(undefined)} />}
      </div>
    </div>
  );
}
