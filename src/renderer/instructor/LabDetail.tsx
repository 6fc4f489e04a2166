import type { ReactNode } from 'react';
import type { CohortLab } from '../../shared/cohort/cohort-lab';
import type { StackEvent } from '../../shared/openstack/stack';
import { useApi } from '../api/api-context';
import { useAsync } from '../hooks/use-async';

/** One lab: its facts and its Heat events, newest first. */
export function LabDetail({ lab, onClose }: { lab: CohortLab; onClose: () => void }): ReactNode {
  const api = useApi();
  const events = useAsync(() => api.call('cohort.events', { courseId: lab.courseId, stackId: lab.stackId }), [lab.stackId]);
  const list: StackEvent[] = events.value ? [...events.value.events].reverse() : [];
  return (
    <aside className="cohort-detail" aria-label={`Lab of ${lab.learner}`}>
      <header className="screen-header-row">
        <h2>{lab.learner}</h2>
        <button type="button" className="button" onClick={onClose}>Close</button>
      </header>
      <p>
        {lab.stackName} · {lab.state}
        {lab.statusReason && <> · {lab.statusReason}</>}
      </p>
      {events.error && <p role="alert">{events.error}</p>}
      <ol className="cohort-events" aria-label="Heat events">
        {list.map((e) => (
          <li key={e.id}>
            <time dateTime={e.time}>{e.time.replace('T', ' ').replace(/\..*|Z$/, '')}</time> {e.resourceName} {e.status}
            {e.statusReason && <span className="muted"> — {e.statusReason}</span>}
          </li>
        ))}
      </ol>
    </aside>
  );
}
