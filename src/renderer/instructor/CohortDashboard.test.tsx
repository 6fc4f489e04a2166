import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CohortLab, CohortListing } from '../../shared/cohort/cohort-lab';
import type { LabScore } from '../../shared/cohort/cohort-scores';
import type { LabApi } from '../../shared/contract';
import { ApiProvider } from '../api/api-context';
import { CohortDashboard } from './CohortDashboard';
import { cohortLab, cohortListing } from './cohort-lab-fixture';

const lab = (learner: string, score: number | null = null, detail?: CohortLab['scoreDetail']): CohortLab =>
  cohortLab(learner, { score, ...(detail ? { scoreDetail: detail } : {}) });

const listing = (labs: CohortLab[], withEvents = true): CohortListing => cohortListing(labs, { withEvents });

const scored = (passed: number, total: number): CohortLab['scoreDetail'] => ({
  passed,
  total,
  checkedAt: '2026-11-25T10:00:00Z',
  steps: [
    { stepId: 's1', title: 'Step one', passed: Math.min(passed, 1), total: 1 },
    { stepId: 's2', title: 'Step two', passed: Math.max(0, passed - 1), total: total - 1 },
  ],
});

function fakeApi(answers: (name: string, input: unknown) => unknown) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const call = vi.fn(async (name: string, input: unknown) => answers(name, input));
  const api = {
    call,
    on: (name: string, listener: (payload: unknown) => void) => (listeners.set(name, listener), () => listeners.delete(name)),
  } as unknown as LabApi;
  return { api, call, push: (name: string, payload: unknown) => act(() => listeners.get(name)?.(payload)) };
}

const scoreCells = () => screen.getAllByTestId('score').map((c) => c.textContent);

describe('the cohort dashboard’s progress scores', () => {
  it('runs "Check progress" on the selection and shows passed/total in a sortable Score column', async () => {
    let labs = [lab('lab-learner1'), lab('lab-learner2')];
    const { api, call, push } = fakeApi((name, input) => {
      if (name === 'cohort.list') return listing(labs);
      if (name === 'cohort.check') {
        const { stackIds } = input as { stackIds: string[] };
        labs = [lab('lab-learner1', 0.5, scored(1, 2)), lab('lab-learner2', 1, scored(2, 2))];
        const results: LabScore[] = stackIds.map((id) => ({
          stackId: id,
          stackName: id,
          learner: id,
          passed: 1,
          total: 2,
          score: 0.5,
          steps: [],
          checkedAt: '',
        }));
        push('cohort.checkProgress', { done: 1, total: 2, result: results[0] });
        return { results };
      }
      return undefined;
    });
    render(
      <ApiProvider api={api}>
        <CohortDashboard courseId="x" />
      </ApiProvider>,
    );
    expect(await screen.findByText('lab-learner2')).toBeTruthy();
    expect(scoreCells()).toEqual(['—', '—']);
    expect((screen.getByRole('button', { name: 'Check progress' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByLabelText('Select all matching labs'));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Check progress' })));
    expect(call).toHaveBeenCalledWith('cohort.check', { courseId: 'x', stackIds: ['id-lab-learner1', 'id-lab-learner2'] });
    expect(await screen.findByText('Progress checks: 2 of 2')).toBeTruthy();
    expect(scoreCells()).toEqual(['1/2', '2/2']);
    expect(screen.getAllByTestId('score')[0]!.getAttribute('title')).toContain('Step two: 0/1');

    fireEvent.click(screen.getByRole('button', { name: 'Score' }));
    fireEvent.click(screen.getByRole('button', { name: 'Score ▲' }));
    expect(scoreCells()).toEqual(['2/2', '1/2']);
    const rows = within(screen.getByRole('table', { name: 'Labs' })).getAllByRole('row');
    expect(rows[1]!.textContent).toContain('lab-learner2');
  });

  it('shows the score per step in the lab’s detail and checks that one lab from there', async () => {
    const { api, call } = fakeApi((name) => {
      if (name === 'cohort.list') return listing([lab('lab-learner1', 0.5, scored(1, 2))]);
      if (name === 'cohort.events') return { stackId: 'id-lab-learner1', events: [] };
      if (name === 'cohort.check') return { results: [] };
      return undefined;
    });
    render(
      <ApiProvider api={api}>
        <CohortDashboard courseId="x" />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'lab-learner1' }));
    const detail = screen.getByRole('complementary', { name: 'Lab of lab-learner1' });
    expect(within(detail).getByTestId('detail-score').textContent).toBe('1/2');
    expect(within(detail).getByRole('list', { name: 'Steps' }).textContent).toMatch(/✓ Step one: 1\/1.*✗ Step two: 0\/1/);
    await act(async () => fireEvent.click(within(detail).getByRole('button', { name: 'Check progress' })));
    expect(call).toHaveBeenCalledWith('cohort.check', { courseId: 'x', stackIds: ['id-lab-learner1'] });
  });
});

describe('the cohort dashboard’s first listing', () => {
  it('shows the labs and their states as soon as the app has listed them, then fills in what their events tell', async () => {
    let finish: (l: CohortListing) => void = () => undefined;
    const withTimes = { ...lab('lab-learner1'), since: new Date(Date.now() - 120_000).toISOString(), uptimeWeekSeconds: 120 };
    const { api, call, push } = fakeApi((name) =>
      name === 'cohort.list' ? new Promise<CohortListing>((resolve) => (finish = resolve)) : undefined,
    );
    render(
      <ApiProvider api={api}>
        <CohortDashboard courseId="x" />
      </ApiProvider>,
    );
    await vi.waitFor(() => expect(call).toHaveBeenCalledWith('cohort.list', { courseId: 'x' }));
    expect(screen.getByText('Loading the cohort…')).toBeTruthy();
    // Another course's listing is not this dashboard's.
    push('cohort.listed', { ...listing([lab('lab-other')], false), courseId: 'y' });
    expect(screen.queryByText('lab-other')).toBeNull();
    push('cohort.listed', listing([lab('lab-learner1')], false));
    const row = () => within(screen.getByRole('table', { name: 'Labs' })).getAllByRole('row')[1]!;
    expect(row().textContent).toContain('Running');
    expect(row().textContent).not.toContain('CREATE_COMPLETE');
    expect(row().textContent).toContain('…');
    expect(screen.getByRole('status').textContent).toMatch(/Reading each lab’s events/);
    expect(call.mock.calls.filter(([name]) => name === 'cohort.list')).toEqual([['cohort.list', { courseId: 'x' }]]);

    await act(async () => finish(listing([withTimes])));
    expect(row().textContent).toMatch(/2 min.*2 min/);
    expect(row().textContent).not.toContain('…');
    expect(screen.queryByText(/Reading each lab’s events/)).toBeNull();
    // A later listing's early states do not replace the table shown.
    push('cohort.listed', listing([lab('lab-learner1')], false));
    expect(row().textContent).not.toContain('…');
  });

  it('never starts a listing while one is under way, however long it takes', async () => {
    vi.useFakeTimers();
    try {
      const { api, call } = fakeApi((name) => (name === 'cohort.list' ? new Promise<CohortListing>(() => undefined) : undefined));
      render(
        <ApiProvider api={api}>
          <CohortDashboard courseId="x" />
        </ApiProvider>,
      );
      const listings = () => call.mock.calls.filter(([name]) => name === 'cohort.list').length;
      await act(() => vi.advanceTimersByTimeAsync(60_000));
      expect(listings()).toBe(1);
      // Refresh joins the listing under way rather than starting another.
      fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
      await act(() => vi.advanceTimersByTimeAsync(1_000));
      expect(listings()).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
