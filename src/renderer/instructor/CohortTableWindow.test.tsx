import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import { ApiProvider } from '../api/api-context';
import { CohortDashboard } from './CohortDashboard';
import { cohortLab, cohortListing } from './cohort-lab-fixture';

const LABS = 5000;
const learner = (i: number) => `learner${String(i).padStart(4, '0')}`;

/** The dashboard over a cohort of 5,000 labs; every other call answers nothing. */
async function dashboardOf5000() {
  const labs = Array.from({ length: LABS }, (_, i) => cohortLab(learner(i)));
  const call = vi.fn(async (name: string, input: unknown) => {
    if (name === 'cohort.list') return cohortListing(labs);
    if (name === 'cohort.act')
      return {
        results: (input as { stackIds: string[] }).stackIds.map((stackId) => ({
          stackId,
          stackName: stackId,
          learner: stackId,
          outcome: 'done',
          message: '',
        })),
      };
    return undefined;
  });
  const api = { call, on: () => () => undefined } as unknown as LabApi;
  render(
    <ApiProvider api={api}>
      <CohortDashboard courseId="x" />
    </ApiProvider>,
  );
  await screen.findByText(learner(0));
  const table = screen.getByRole('table', { name: 'Labs' });
  const labRows = () =>
    within(table)
      .getAllByRole('row')
      .filter((r) => r.closest('tbody') && r.hasAttribute('aria-rowindex'));
  return { call, table, labRows, scroller: table.parentElement! };
}

describe('the cohort table at 5,000 labs', () => {
  it('draws only a window of rows, while the table says it has all 5,000 and numbers each row', async () => {
    const { table, labRows } = await dashboardOf5000();
    expect(screen.getByTestId('row-count').textContent).toBe('5,000 of 5,000 labs');
    expect(table.getAttribute('aria-rowcount')).toBe(String(LABS + 1));
    const drawn = labRows();
    expect(drawn.length).toBeGreaterThan(10);
    expect(drawn.length).toBeLessThan(100);
    expect(drawn.map((r) => r.getAttribute('aria-rowindex')).slice(0, 3)).toEqual(['2', '3', '4']);
    expect(screen.queryByText(learner(LABS - 1))).toBeNull();
  });

  it('shows the last lab when scrolled to the end', async () => {
    const { scroller, labRows } = await dashboardOf5000();
    act(() => {
      scroller.scrollTop = 10_000_000;
      fireEvent.scroll(scroller);
    });
    expect(screen.getByText(learner(LABS - 1))).toBeTruthy();
    expect(screen.queryByText(learner(0))).toBeNull();
    expect(labRows().at(-1)!.getAttribute('aria-rowindex')).toBe(String(LABS + 1));
    expect(labRows().length).toBeLessThan(100);
  });

  it('moves the keyboard focus through every row: ↓, End reaches the last lab, Home the first', async () => {
    const { labRows } = await dashboardOf5000();
    const first = labRows()[0]!;
    // Tab lands on one row only.
    expect(labRows().filter((r) => r.tabIndex === 0)).toEqual([first]);
    act(() => first.focus());
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('aria-rowindex')).toBe('3');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement?.getAttribute('aria-rowindex')).toBe(String(LABS + 1));
    expect(document.activeElement?.textContent).toContain(learner(LABS - 1));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement?.textContent).toContain(learner(LABS - 2));
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement?.textContent).toContain(learner(0));
    expect(labRows().length).toBeLessThan(100);
  });

  it('selects every matching lab, drawn or not, and the bulk action acts on all of them', async () => {
    const { call } = await dashboardOf5000();
    fireEvent.change(screen.getByLabelText('Search learners'), { target: { value: 'learner4' } });
    expect(screen.getByTestId('row-count').textContent).toBe('1,000 of 5,000 labs');
    fireEvent.click(screen.getByLabelText('Select all matching labs'));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Suspend' })));
    const acted = call.mock.calls.find(([name]) => name === 'cohort.act')![1] as { stackIds: string[] };
    expect(acted.stackIds).toHaveLength(1000);
    expect(new Set(acted.stackIds)).toEqual(new Set(Array.from({ length: 1000 }, (_, i) => `id-${learner(4000 + i)}`)));
  });
});
