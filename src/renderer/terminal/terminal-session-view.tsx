import { useCallback, type ReactNode } from 'react';
import type { SessionKindView, SessionViewProps } from '../session/session-kind-view';
import { DEFAULT_FONT_SIZE } from './terminal-shortcuts';
import { TerminalView } from './TerminalView';

/** A terminal in a Lab tab, in the text size of Settings (zooming saves it there). */
function TerminalPane({ courseId, connection, tabId, active, settings, readOnly }: SessionViewProps): ReactNode {
  const update = settings.update;
  const onFontSize = useCallback((size: number) => void update({ terminalFontSize: size }), [update]);
  return (
    <TerminalView
      courseId={courseId}
      connection={connection}
      tabId={tabId}
      leaveTo={`lab-tab-${tabId}`}
      active={active}
      fontSize={settings.settings?.terminalFontSize ?? DEFAULT_FONT_SIZE}
      onFontSize={onFontSize}
      readOnly={readOnly}
    />
  );
}

/** A shell on one of the course's ssh connections; hidden tabs keep their screen. */
export const terminalSessionView: SessionKindView = {
  protocol: 'ssh',
  noun: 'Shell',
  keepMounted: true,
  View: TerminalPane,
};
