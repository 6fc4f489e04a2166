import { useState, type ReactNode } from 'react';
import { ConnectionTabs } from '../components/ConnectionTabs';
import { EmptyState } from '../components/EmptyState';
import { useLabConnections } from '../hooks/use-lab-connections';
import { DesktopView } from './DesktopView';

/**
 * The Desktop tab: a remote desktop of the course's rdp connection (a choice when there are
 * several), shown once its lab is up; it stays to report a suspended lab rather than vanish.
 */
export function DesktopArea({ courseId }: { courseId: string }): ReactNode {
  const { connections, readOnly, labReady } = useLabConnections(courseId, 'rdp');
  const [active, setActive] = useState<string>();

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
      <ConnectionTabs label="Desktops" names={connections} shown={shown} onShow={setActive} />
      {/* One desktop at a time: each holds a server session and a framebuffer. */}
      <DesktopView key={shown} courseId={courseId} connection={shown} readOnly={readOnly.has(shown)} />
    </div>
  );
}
