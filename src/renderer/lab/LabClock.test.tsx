import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import type { LabView } from '../../shared/labs';
import { ApiProvider } from '../api/api-context';
import { LabClock } from './LabClock';

const NOW = Date.UTC(2025, 0, 6, 9, 0, 0);

const view = (suspendBy: number, extensionsUsed = 0): LabView => ({
  courseId: 'intro-linux',
  lab: null,
  activity: null,
  usage: { runningHours: 1, limitHours: null, blocked: false },
  update: null,
  cloud: null,
  clock: {
    idle: { suspendBy, timeoutSeconds: 120, lastActivityAt: NOW - 60_000 },
    session: {
      startedAt: NOW,
      endsAt: NOW + 4 * 3_600_000,
      maxSessionSeconds: 14_400,
      extensionsUsed,
      maxExtensions: 2,
      extensionSeconds: 3600,
    },
  },
});

describe('LabClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('counts down while idle, second by second, and takes a moved deadline', () => {
    const api = { call: vi.fn(), on: () => () => undefined } as unknown as LabApi;
    const { rerender } = render(
      <ApiProvider api={api}>
        <LabClock courseId="intro-linux" view={view(NOW + 90_000)} />
      </ApiProvider>,
    );
    expect(screen.getByRole('timer', { name: 'Lab clock' }).textContent).toContain('Idle: suspends in 1:30');
    act(() => vi.advanceTimersByTime(3000));
    expect(screen.getByRole('timer').textContent).toContain('Idle: suspends in 1:27');
    rerender(
      <ApiProvider api={api}>
        <LabClock courseId="intro-linux" view={view(Date.now() + 120_000)} />
      </ApiProvider>,
    );
    expect(screen.getByRole('timer').textContent).toContain('Idle: suspends in 2:00');
  });

  it('extends the session with one click and shows how many were taken', async () => {
    const call = vi.fn(async () => view(NOW + 90_000, 1));
    const api = { call, on: () => () => undefined } as unknown as LabApi;
    render(
      <ApiProvider api={api}>
        <LabClock courseId="intro-linux" view={view(NOW + 90_000)} />
      </ApiProvider>,
    );
    expect(screen.getByRole('timer').textContent).toContain('Extended 0 of 2 times');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Extend by 1 h' })));
    expect(call).toHaveBeenCalledWith('lab.extend', { courseId: 'intro-linux' });
  });
});
