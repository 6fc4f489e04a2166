import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AssistNotice as Notice } from '../../shared/cohort/assist';
import type { LabApi } from '../../shared/contract';
import { ApiProvider } from '../api/api-context';
import { AssistNotice } from './AssistNotice';

function fakeApi(initial: Notice['assist']) {
  const listeners = new Set<(n: Notice) => void>();
  const api = {
    call: vi.fn(async (_name: string, input: { courseId: string }) => ({ courseId: input.courseId, assist: initial })),
    on: (name: string, listener: (n: Notice) => void) => {
      if (name === 'assist.changed') listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as LabApi;
  return { api, emit: (n: Notice) => listeners.forEach((l) => l(n)) };
}

describe('the learner’s notice of an instructor’s assist', () => {
  it('says "Your instructor is connected" with the name while the app reports a fresh marker, and nothing once it is gone', async () => {
    const { api, emit } = fakeApi(null);
    await act(async () => {
      render(
        <ApiProvider api={api}>
          <AssistNotice courseId="intro-linux" />
        </ApiProvider>,
      );
    });
    expect(screen.queryByTestId('assist-notice')).toBeNull();

    // Another course's assist is not this lab's.
    act(() => emit({ courseId: 'other', assist: { by: 'teacher', since: '2026-12-06T18:00:00Z' } }));
    expect(screen.queryByTestId('assist-notice')).toBeNull();

    act(() => emit({ courseId: 'intro-linux', assist: { by: 'teacher', since: '2026-12-06T18:00:00Z' } }));
    const notice = screen.getByTestId('assist-notice');
    expect(notice.textContent).toContain('Your instructor is connected');
    expect(notice.textContent).toContain('teacher');

    act(() => emit({ courseId: 'intro-linux', assist: null }));
    expect(screen.queryByTestId('assist-notice')).toBeNull();
  });

  it('shows an assist already under way when the lab screen opens', async () => {
    const { api } = fakeApi({ by: 'teacher', since: '2026-12-06T18:00:00Z' });
    await act(async () => {
      render(
        <ApiProvider api={api}>
          <AssistNotice courseId="intro-linux" />
        </ApiProvider>,
      );
    });
    expect(screen.getByTestId('assist-notice').textContent).toContain('Your instructor is connected');
  });
});
