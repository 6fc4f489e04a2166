import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../api/api-context';
import { EmptyState } from '../components/EmptyState';
import type { SettingsState } from '../hooks/use-settings';
import { DEFAULT_FONT_SIZE } from './terminal-shortcuts';
import { TerminalView } from './TerminalView';

/**
 * The Terminal tab: one terminal per ssh connection of the course, shown once its lab is up. The
 * terminals stay mounted when the lab goes down, so they can say "Lab suspended" and offer Resume.
 */
export function TerminalArea({ courseId, settings }: { courseId: string; settings: SettingsState }): ReactNode {
  const api = useApi();
  const [connections, setConnections] = useState<string[]>();
  const [labReady, setLabReady] = useState(false);
  const [active, setActive] = useState<string>();

  useEffect(() => {
    // Keyed by course in LabScreen: a new course starts from fresh state.
    let live = true;
    api.call('course.get', { id: courseId }).then(
      (course) => live && setConnections(course.connections.filter((c) => c.protocol === 'ssh').map((c) => c.name)),
      () => live && setConnections([]),
    );
    const apply = (view: { courseId: string; lab: { group: string; ready: boolean } | null }): void => {
      // Sticky: once shown, a terminal stays to report a suspended lab rather than vanish.
      if (live && view.courseId === courseId && view.lab?.group === 'up' && view.lab.ready) setLabReady(true);
    };
    api.call('lab.view', { courseId }).then(apply, () => undefined);
    const off = api.on('lab.changed', apply);
    return () => {
      live = false;
      off();
    };
  }, [api, courseId]);

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
      {connections.length > 1 && (
        <div role="tablist" aria-label="Terminals" className="terminal-tabs tabs">
          {connections.map((name) => (
            <button key={name} role="tab" type="button" aria-selected={name === shown} onClick={() => setActive(name)}>
              {name}
            </button>
          ))}
        </div>
      )}
      {connections.map((name) => (
        <TerminalView
          key={name}
          courseId={courseId}
          connection={name}
          active={name === shown}
          fontSize={settings.settings?.terminalFontSize ?? DEFAULT_FONT_SIZE}
          onFontSize={onFontSize}
        />
      ))}
    </div>
  );
}
