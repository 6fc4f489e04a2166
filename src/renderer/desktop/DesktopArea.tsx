import { useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../api/api-context';
import { EmptyState } from '../components/EmptyState';
import { DesktopView } from './DesktopView';

/**
 * The Desktop tab: a remote desktop of the course's rdp connection (a choice when there are
 * several), shown once its lab is up; it stays to report a suspended lab rather than vanish.
 */
export function DesktopArea({ courseId }: { courseId: string }): ReactNode {
  const api = useApi();
  const [connections, setConnections] = useState<string[]>();
  const [labReady, setLabReady] = useState(false);
  const [active, setActive] = useState<string>();

  useEffect(() => {
    let live = true;
    api.call('course.get', { id: courseId }).then(
      (course) => live && setConnections(course.connections.filter((c) => c.protocol === 'rdp').map((c) => c.name)),
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
  }, [api, courseId]);

  if (connections === undefined) return null;
  if (connections.length === 0) {
    return (
      <EmptyState title="No desktop in this course">
        <p>This course's lab has no RDP connection; use the Terminal tab.</p>
      </EmptyState>
    );
  }
  if (!labReady) {
    return (
      <EmptyState title="No lab running">
        <p>Press Launch: the lab's desktop opens here once it is ready.</p>
      </EmptyState>
    );
  }
  const shown = active && connections.includes(active) ? active : connections[0]!;
  return (
    <div className="desktop-area">
      {connections.length > 1 && (
        <div role="tablist" aria-label="Desktops" className="terminal-tabs tabs">
          {connections.map((name) => (
            <button key={name} role="tab" type="button" aria-selected={name === shown} onClick={() => setActive(name)}>
              {name}
            </button>
          ))}
        </div>
      )}
      {/* One desktop at a time: each holds a server session and a framebuffer. */}
      <DesktopView key={shown} courseId={courseId} connection={shown} />
    </div>
  );
}
