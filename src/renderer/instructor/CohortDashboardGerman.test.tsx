import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { englishSentences } from '../../../test/support/english-sentences';
import type { CohortLab, CohortListing } from '../../shared/cohort/cohort-lab';
import type { LabScore } from '../../shared/cohort/cohort-scores';
import type { LabApi } from '../../shared/contract';
import { ApiProvider } from '../api/api-context';
import { translator } from '../i18n/translator';
import { CohortDashboard } from './CohortDashboard';

const ann: CohortLab = {
  stackId: 'id-ann',
  stackName: 'lc-x-ann',
  projectId: 'p-ann',
  projectName: 'lab-ann',
  userId: 'u-ann',
  learner: 'ann',
  courseId: 'x',
  courseVersion: '1',
  state: 'CREATE_COMPLETE',
  group: 'up',
  statusReason: 'Stack CREATE completed successfully',
  since: null,
  createdAt: '',
  uptimeWeekSeconds: 0,
  lastActivity: null,
  costMonth: 2.5,
  runningSecondsMonth: 5400,
  suspendedSecondsMonth: 1800,
  perHourNow: 0.5,
  activeSecondsMonth: 2700,
  wasteRatio: 2,
  flavors: ['m1.large'],
  score: 0.5,
  scoreDetail: {
    passed: 1,
    total: 2,
    checkedAt: '2026-12-06T19:05:03.120Z',
    steps: [
      { stepId: 's1', title: 'Schritt eins', passed: 1, total: 1, solved: true },
      { stepId: 's2', title: 'Schritt zwei', passed: 0, total: 1 },
    ],
    error: 'ssh: timeout',
  },
};

const listing: CohortListing = {
  courseId: 'x',
  cohort: 'sandbox',
  cloud: 'c',
  projectPattern: '^lab-',
  projects: 1,
  labs: [ann],
  problems: [],
  generatedAt: '',
  withEvents: true,
  totals: {
    labs: 1,
    running: 1,
    suspended: 0,
    failed: 0,
    pending: 0,
    costMonth: 1234.5,
    currency: 'EUR',
    runningSecondsMonth: 5400,
    suspendedSecondsMonth: 1800,
    activeSecondsMonth: 2700,
    wasteRatio: 2,
  },
  runningSeries: [],
};

const notChecked: LabScore = {
  stackId: 'id-ann',
  stackName: 'lc-x-ann',
  learner: 'ann',
  passed: 0,
  total: 0,
  score: null,
  steps: [],
  checkedAt: '2026-12-06T19:05:03.120Z',
  error: 'ssh: timeout',
};

function fakeApi(): LabApi {
  const call = vi.fn(async (name: string) => {
    if (name === 'cohort.events')
      return {
        stackId: ann.stackId,
        events: [
          {
            id: 'e1',
            time: '2026-12-06T19:00:00',
            resourceName: 'lc-x-ann',
            status: 'CREATE_COMPLETE',
            statusReason: '',
            isStackEvent: true,
          },
        ],
      };
    if (name === 'cohort.check') return { results: [notChecked] };
    return listing;
  });
  return { call, on: () => () => undefined } as unknown as LabApi;
}

/** What a person reads on the page: its text and the labels and tooltips of its elements. */
function readable(): string {
  const labels = [...document.body.querySelectorAll('[aria-label], [title]')].map(
    (el) => `${el.getAttribute('aria-label') ?? ''}\n${el.getAttribute('title') ?? ''}`,
  );
  return [document.body.textContent ?? '', ...labels].join('\n');
}

beforeAll(() => translator.changeLanguage('de'));
afterAll(() => translator.changeLanguage('en'));

describe('the instructor dashboard in German', () => {
  it('shows no English sentence of the catalogue on the dashboard nor in a lab’s detail, and writes money, hours and times the German way', async () => {
    const sentences = englishSentences();
    expect(sentences).toContain('Watch terminal (read-only)');
    render(
      <ApiProvider api={fakeApi()}>
        <CohortDashboard courseId="x" />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'ann' }));
    const detail = screen.getByRole('complementary', { name: 'Lab von ann' });
    await within(detail).findByText('CREATE_COMPLETE', { exact: false });
    await act(async () => fireEvent.click(within(detail).getByRole('button', { name: 'Fortschritt prüfen' })));
    await screen.findByText('Nicht geprüfte Labs');

    const text = readable();
    expect(sentences.filter((sentence) => text.includes(sentence))).toEqual([]);
    expect(screen.getByTestId('cost-month').textContent).toBe('1.234,50\u00a0€');
    expect(screen.getAllByTestId('active').map((c) => c.textContent)).toEqual(['45 Min.']);
    expect(text).toContain('1,5 Std. / 30 Min.');
    expect(screen.getByTestId('lab-billed').textContent).toBe('Diesen Monat: 1,5 Std. laufend, 30 Min. angehalten · Flavor m1.large');
    expect(within(detail).getByRole('list', { name: 'Heat-Ereignisse' }).textContent).toContain('06.12.2026, 19:00:00 UTC');
    expect(text).toContain('geprüft 06.12.2026, 19:05:03 UTC');
  });
});
