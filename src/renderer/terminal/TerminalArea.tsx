import { useCallback, useState, type ReactNode } from 'react';
import { ConnectionTabs } from '../components/ConnectionTabs';
import { EmptyState } from '../components/EmptyState';
import { useLabConnections } from '../hooks/use-lab-connections';
import type { SettingsState } from '../hooks/use-settings';
import { DEFAULT_FONT_SIZE } from './terminal-shortcuts';
import { TerminalView } from './TerminalView';

/**
 * The Terminal tab: one terminal per ssh connection of the course, shown once its lab is up. The
 * terminals stay mounted when the lab goes down, so they can say "Lab suspended" and offer Resume.
 */
export function TerminalArea({ courseId, settings }: { courseId: string; settings: SettingsState }): ReactNode {
  const { connections, readOnly, labReady } = useLabConnections(courseId, 'ssh');
  const [active, setActive] = useState<string>();
  const update = settings.update;
  const onFontSize = useCallback((size: number) => void update({ terminalFontSize: size }), [update]);

  if (connections === undefined) return null;
  if (connections.length === 0) {
    return (
      <EmptyState title="No terminal in this course">
        <p>This course's lab has no SSH connection; use the Desktop tab.</p>
      </EmptyState>
    );
  }
  if (!labReady) {
    return (
      <EmptyState title="No lab running">
        <p>Press Launch: a terminal into the lab opens here once it is ready.</p>
      </EmptyState>
    );
  }
  const shown = active && connections.includes(active) ? active : connections[0]!;
  return (
    <div className="terminal-area">
      <ConnectionTabs label="Terminals" names={connections} shown={shown} onShow={setActive} />
      {connections.map((name) => (
        <TerminalView
          key={name}
          courseId={courseId}
          connection={name}
          active={name === shown}
          fontSize={settings.settings?.terminalFontSize ?? DEFAULT_FONT_SIZE}
          onFontSize={onFontSize}
          readOnly={readOnly.has(name)}
        />
      ))}
    </div>
  );
}
