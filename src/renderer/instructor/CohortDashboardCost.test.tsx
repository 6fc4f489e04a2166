import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COHORT_CSV_COLUMNS } from '../../shared/cohort/cohort-csv';
import type { CohortActOutput, CohortLab, CohortListing } from '../../shared/cohort/cohort-lab';
import type { LabApi } from '../../shared/contract';
import { ApiProvider } from '../api/api-context';
import { CohortDashboard } from './CohortDashboard';

const lab = (learner: string, state: string, group: CohortLab['group'], costMonth: number): CohortLab => ({
  stackId: `id-${learner}`,
  stackName: `lc-x-${learner}`,
  projectId: `p-${learner}`,
  projectName: `lab-${learner}`,
  userId: `u-${learner}`,
  learner,
  courseId: 'x',
  courseVersion: '1',
  state,
  group,
  statusReason: '',
  since: null,
  createdAt: '',
  uptimeWeekSeconds: 0,
  lastActivity: null,
  costMonth,
  runningSecondsMonth: 5400,
  suspendedSecondsMonth: 3600,
  perHourNow: group === 'up' ? 0.5 : 0.01,
  activeSecondsMonth: learner === 'ann' ? 2700 : null,
  wasteRatio: learner === 'ann' ? 2 : null,
  flavors: [],
  score: null,
});

const labs = [lab('ann', 'CREATE_COMPLETE', 'up', 2.5), lab('bob', 'SUSPEND_COMPLETE', 'down', 0.75)];
const listing: CohortListing = {
  courseId: 'x',
  cohort: null,
  cloud: 'c',
  projectPattern: null,
  projects: 2,
  labs,
  problems: [],
  generatedAt: '',
  withEvents: true,
  totals: {
    labs: 2,
    running: 1,
    suspended: 1,
    failed: 0,
    pending: 0,
    costMonth: 3.25,
    currency: 'EUR',
    runningSecondsMonth: 10_800,
    suspendedSecondsMonth: 7200,
    activeSecondsMonth: 2700,
    wasteRatio: 2,
  },
  runningSeries: [],
};

function fakeApi() {
  const call = vi.fn(async (name: string, input: { action?: string; stackIds?: string[] }) => {
    if (name === 'cohort.act') {
      const out: CohortActOutput = {
        action: input.action as CohortActOutput['action'],
        results: (input.stackIds ?? []).map((id) => ({ stackId: id, stackName: id, learner: id, outcome: 'done', message: 'ok' })),
      };
      return out;
    }
    if (name === 'cohort.events') return { events: [] };
    return listing;
  });
  const api = { call, on: () => () => undefined } as unknown as LabApi;
  return { api, call };
}

afterEach(() => vi.restoreAllMocks());

describe('the cohort dashboard’s cost and actions', () => {
  it('fills the cost column in the rates’ currency, with the month’s billed hours', async () => {
    render(
      <ApiProvider api={fakeApi().api}>
        <CohortDashboard courseId="x" />
      </ApiProvider>,
    );
    await screen.findByText('ann');
    expect(screen.getAllByTestId('cost').map((c) => c.textContent)).toEqual(['€2.50', '€0.75']);
    expect(screen.getByTestId('cost-month').textContent).toBe('€3.25');
    expect(screen.getByText(/billed 3\.0 h running, 2\.0 h suspended/)).toBeTruthy();
  });

  it('shows active hours and billed ÷ active per lab and for the cohort, an unknown activity as "—", never 0', async () => {
    render(
      <ApiProvider api={fakeApi().api}>
        <CohortDashboard courseId="x" />
      </ApiProvider>,
    );
    await screen.findByText('ann');
    expect(screen.getAllByTestId('active').map((c) => c.textContent)).toEqual(['45 min', '—']);
    expect(screen.getAllByTestId('waste').map((c) => c.textContent)).toEqual(['2.0×', '—']);
    expect(screen.getByTestId('active-month').textContent).toBe('active 45 min · billed ÷ active 2.0×');
    fireEvent.click(screen.getByRole('button', { name: 'ann' }));
    expect((await screen.findByTestId('lab-active')).textContent).toBe('Active this month: 45 min · billed ÷ active: 2.0×');
  });

  it('exports the rows shown as CSV with the columns of cohort export', async () => {
    let saved: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => ((saved = blob as Blob), 'blob:x'));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    render(
      <ApiProvider api={fakeApi().api}>
        <CohortDashboard courseId="x" />
      </ApiProvider>,
    );
    await screen.findByText('ann');
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(click).toHaveBeenCalled();
    const lines = (await saved!.text()).split('\r\n');
    expect(lines[0]).toBe(COHORT_CSV_COLUMNS.join(','));
    expect(lines[1]).toMatch(/^ann,u-ann,x,1,CREATE_COMPLETE,up,/);
  });

  it('offers Suspend only for running labs and Resume only for suspended ones, and the bar goes when done', async () => {
    const { api, call } = fakeApi();
    render(
      <ApiProvider api={api}>
        <CohortDashboard courseId="x" />
      </ApiProvider>,
    );
    await screen.findByText('ann');
    fireEvent.click(screen.getByLabelText('Select bob'));
    expect((screen.getByRole('button', { name: /^Suspend/ }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: /^Resume/ }) as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByLabelText('Select ann'));
    expect(screen.getByRole('button', { name: /^Suspend/ }).textContent).toBe('Suspend 1');
    fireEvent.click(screen.getByRole('button', { name: /^Suspend/ }));
    await waitFor(() => expect(call).toHaveBeenCalledWith('cohort.act', expect.objectContaining({ action: 'suspend' })));
    await screen.findByText(/suspend: 2 of 2/);
    expect(screen.queryByRole('progressbar', { name: 'suspend progress' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/suspend: 2 of 2/)).toBeNull();
  });
});

describe('the cohort dashboard when the cloud does not answer', () => {
  it('shows the one error, not "Loading…" beside it', async () => {
    const api = {
      call: vi.fn(async () => {
        throw new Error('The cloud "c" does not answer.');
      }),
      on: () => () => undefined,
    } as unknown as LabApi;
    render(
      <ApiProvider api={api}>
        <CohortDashboard courseId="x" />
      </ApiProvider>,
    );
    expect((await screen.findByRole('alert')).textContent).toBe('The cloud "c" does not answer.');
    expect(screen.queryByText(/Loading the cohort/)).toBeNull();
  });
});
