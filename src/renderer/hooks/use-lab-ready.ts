import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context';

/**
 * Whether the course's lab has been up and ready while this screen showed it. Sticky: once ready,
 * the Lab tabs stay to report a suspended lab (and offer Resume) rather than vanish.
 */
export function useLabReady(courseId: string): boolean {
  const api = useApi();
  const [labReady, setLabReady] = useState(false);

  useEffect(() => {
    // Keyed by course in LabScreen: a new course starts from fresh state.
    let live = true;
    const apply = (view: { courseId: string; lab: { group: string; ready: boolean } | null }): void => {
      if (live && view.courseId === courseId && view.lab?.group === 'up' && view.lab.ready) setLabReady(true);
    };
    api.call('lab.view', { courseId }).then(apply, () => undefined);
    const off = api.on('lab.changed', apply);
    return () => {
      live = false;
      off();
    };
  }, [api, courseId]);

  return labReady;
}
