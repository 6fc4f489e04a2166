import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import type { LabCostView } from '../../shared/labs';
import { ApiProvider } from '../api/api-context';
import { CourseLabCost, LabCost } from './LabCost';

const priced: LabCostView = {
  courseId: 'intro-linux',
  cost: {
    month: '2026-11',
    runningSeconds: 5400,
    suspendedSeconds: 600,
    cost: 1.24,
    perHourNow: 0.36,
    rate: { runningPerHour: 0.8, suspendedPerHour: 0.36, currency: 'EUR', source: 'cloud', flavors: ['m1.large'] },
    at: '2026-11-20T10:00:00.000Z',
  },
  problem: null,
};

function fakeApi(answers: LabCostView[]) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const call = vi.fn(async () => answers.shift() ?? priced);
  const api = {
    call,
    on: (name: string, listener: (payload: unknown) => void) => (listeners.set(name, listener), () => listeners.delete(name)),
  } as unknown as LabApi;
  return { api, call, push: (name: string, payload: unknown) => act(() => listeners.get(name)?.(payload)) };
}

describe('LabCost', () => {
  it('shows the cost so far this month and per hour now, in the rate currency', async () => {
    const { api } = fakeApi([priced]);
    render(
      <ApiProvider api={api}>
        <LabCost courseId="intro-linux" />
      </ApiProvider>,
    );
    const line = await screen.findByLabelText('Lab cost');
    expect(line.textContent).toMatch(/€1\.24 this month · €0\.36\/h now/);
    expect(line.getAttribute('title')).toContain('flavor m1.large');
  });

  it('asks again when the lab changes state', async () => {
    const suspended = { ...priced, cost: { ...priced.cost!, cost: 1.3, perHourNow: 0.01 } };
    const { api, call, push } = fakeApi([priced, suspended]);
    render(
      <ApiProvider api={api}>
        <LabCost courseId="intro-linux" />
      </ApiProvider>,
    );
    await screen.findByText(/€1\.24/);
    push('lab.changed', { courseId: 'intro-linux', lab: { state: 'SUSPEND_COMPLETE' } });
    expect(await screen.findByText(/€1\.30 this month · €0\.01\/h now/)).toBeTruthy();
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('shows hours alone without rates, and nothing without a lab', async () => {
    const hoursOnly = { ...priced, cost: { ...priced.cost!, cost: null, perHourNow: null, rate: null } };
    const { api } = fakeApi([hoursOnly, { courseId: 'other', cost: null, problem: 'No lab now: nothing is billed.' }]);
    const { container } = render(
      <ApiProvider api={api}>
        <CourseLabCost courseId="intro-linux" />
        <CourseLabCost courseId="other" />
      </ApiProvider>,
    );
    expect((await screen.findByLabelText('Lab this month')).textContent).toBe('Lab this month: 1.5 h');
    expect(container.querySelectorAll('[aria-label="Lab this month"]')).toHaveLength(1);
  });
});
