import { useEffect, useState } from 'react';
import type { Protocol } from '../../shared/course/course-library';
import { useApi } from '../api/api-context';

/**
 * The course's connections of one protocol (undefined until known) and whether its lab has been up
 * and ready. Sticky: once ready, a view stays to report a suspended lab rather than vanish.
 */
export function useLabConnections(courseId: string, protocol: Protocol): { connections: string[] | undefined; readOnly: ReadonlySet<string>; labReady: boolean } {
  const api = useApi();
  const [connections, setConnections] = useState<string[]>();
  const [readOnly, setReadOnly] = useState<ReadonlySet<string>>(new Set());
  const [labReady, setLabReady] = useState(false);

  useEffect(() => {
    // Keyed by course in LabScreen: a new course starts from fresh state.
    let live = true;
    api.call('course.get', { id: courseId }).then(
      (course) => {
        if (!live) return;
        const mine = course.connections.filter((c) => c.protocol === protocol);
        setReadOnly(new Set(mine.filter((c) => c.readOnly).map((c) => c.name)));
        setConnections(mine.map((c) => c.name));
      },
      () => live && setConnections([]),
    );
    const apply = (view: { courseId: string; lab: { group: string; ready: boolean } | null }): void => {
      if (live && view.courseId === courseId && view.lab?.group === 'up' && view.lab.ready) setLabReady(true);
    };
    api.call('lab.view', { courseId }).then(apply, () => undefined);
    const off = api.on('lab.changed', apply);
    return () => {
      live = false;
      off();
    };
  }, [api, courseId, protocol]);

  return { connections, readOnly, labReady };
}
