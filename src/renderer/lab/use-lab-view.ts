import { useCallback, useEffect, useState } from 'react';
import type { LabView } from '../../shared/labs';
import { useApi } from '../api/api-context';

/**
 * A course's lab as the app knows it, kept current by `lab.changed`: the one source every panel of
 * the Lab screen reads, so the badge, the tabs and the Check button always agree.
 */
export function useLabView(courseId: string): {
  readonly view: LabView | undefined;
  /** Shows the app's answer to a lab call at once (it carries the lab as it now stands). */
  accept(view: LabView): void;
  /** Why the lab could not be read at all. */
  readonly error: string | undefined;
} {
  const api = useApi();
  // Kept with its course: another course's lab is never shown while this one's is on its way.
  const [state, setState] = useState<{ courseId: string; view?: LabView; error?: string }>({ courseId });
  useEffect(() => {
    let live = true;
    api.call('lab.view', { courseId }).then(
      (view) => live && setState({ courseId, view }),
      (e: unknown) => live && setState({ courseId, error: e instanceof Error ? e.message : String(e) }),
    );
    const off = api.on('lab.changed', (view) => {
      if (live && view.courseId === courseId) setState({ courseId, view });
    });
    return () => {
      live = false;
      off();
    };
  }, [api, courseId]);
  const accept = useCallback((view: LabView) => setState({ courseId: view.courseId, view }), []);
  const current = state.courseId === courseId ? state : { courseId };
  return { view: current.view, accept, error: current.error };
}
