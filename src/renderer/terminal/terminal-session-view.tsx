import { useCallback, type ReactNode } from 'react';
import type { SessionKindView, SessionViewProps } from '../session/SessionArea';
import { DEFAULT_FONT_SIZE } from './terminal-shortcuts';
import { TerminalView } from './TerminalView';

/** A terminal in the Lab screen, in the text size of Settings (zooming saves it there). */
function TerminalPane({ courseId, connection, active, settings, readOnly }: SessionViewProps): ReactNode {
  const update = settings.update;
  const onFontSize = useCallback((size: number) => void update({ terminalFontSize: size }), [update]);
  return (
    <TerminalView
      courseId={courseId}
      connection={connection}
      active={active}
      fontSize={settings.settings?.terminalFontSize ?? DEFAULT_FONT_SIZE}
      onFontSize={onFontSize}
      readOnly={readOnly}
    />
  );
}

/** The Terminal tab: one terminal per ssh connection of the course, each kept with its scrollback. */
export const terminalSessionView: SessionKindView = {
  protocol: 'ssh',
  tabsLabel: 'Terminals',
  noConnection: { title: 'No terminal in this course', text: "This course's lab has no SSH connection; use the Desktop tab." },
  waiting: 'Press Launch: a terminal into the lab opens here once it is ready.',
  keepMounted: true,
  View: TerminalPane,
};
