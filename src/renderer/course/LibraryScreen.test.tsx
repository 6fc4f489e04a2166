import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import { SEARCH_QUERY_MAX_LENGTH, SEARCH_QUERY_MAX_WORDS } from '../../shared/course';
import { ApiProvider } from '../api/api-context';
import { LibraryScreen } from './LibraryScreen';

/** A recording stand-in for the app: an empty library whose search finds nothing. */
function recordingApi() {
  const call = vi.fn(async (name: string) => (name === 'course.list' || name === 'course.search' ? [] : undefined));
  return { api: { call, on: () => () => undefined } as unknown as LabApi, call };
}

const searches = (call: ReturnType<typeof recordingApi>['call']) => call.mock.calls.filter(([name]) => name === 'course.search');

describe('the library search box', () => {
  it('takes at most the characters a search may have', async () => {
    const { api } = recordingApi();
    await act(async () =>
      render(
        <ApiProvider api={api}>
          <LibraryScreen />
        </ApiProvider>,
      ),
    );
    expect((screen.getByLabelText('Search all courses') as HTMLInputElement).maxLength).toBe(SEARCH_QUERY_MAX_LENGTH);
  });

  it('says so instead of searching when there are too many words, and searches again within the limit', async () => {
    const { api, call } = recordingApi();
    await act(async () =>
      render(
        <ApiProvider api={api}>
          <LibraryScreen />
        </ApiProvider>,
      ),
    );
    const box = screen.getByLabelText('Search all courses');
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

    await act(async () => fireEvent.change(box, { target: { value: words(SEARCH_QUERY_MAX_WORDS + 1) } }));
    expect((await screen.findByRole('alert')).textContent).toContain(`A search is at most ${SEARCH_QUERY_MAX_WORDS} words`);
    expect(searches(call)).toEqual([]);

    await act(async () => fireEvent.change(box, { target: { value: words(SEARCH_QUERY_MAX_WORDS) } }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(searches(call)).toEqual([['course.search', { query: words(SEARCH_QUERY_MAX_WORDS), limit: 30 }]]);
  });
});
