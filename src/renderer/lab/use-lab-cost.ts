import { useEffect, useState } from 'react';
import type { LabCostView } from '../../shared/labs';
import { useApi } from '../api/api-context';

/** Read again this often while shown: the cost so far grows by the minute. */
const REFRESH_MS = 60_000;

/**
 * The cost of a course's lab this month (`lab.cost`, which asks the cloud for the lab's events),
 * read on show, when the lab's state changes, and once a minute.
 */
export function useLabCost(courseId: string): LabCostView | undefined {
  const api = useApi();
  const [view, setView] = useState<LabCostView>();
  useEffect(() => {
    let live = true;
    let lastState: string | undefined;
    const load = (): void => {
      api.call('lab.cost', { courseId }).then(
        (next) => live && setView(next),
        () => undefined, // the header keeps its last figure; lab.cost says its own problems
      );
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    const off = api.on('lab.changed', (v) => {
      const state = v.lab?.state;
      if (v.courseId !== courseId || state === lastState) return;
      lastState = state;
      load();
    });
    return () => {
      live = false;
      clearInterval(timer);
      off();
    };
  }, [api, courseId]);
  return view;
}
