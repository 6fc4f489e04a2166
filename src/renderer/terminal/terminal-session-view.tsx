import { useCallback, type ReactNode } from 'react';
import type { SessionViewProps } from '../session/session-kind-view';
import { DEFAULT_FONT_SIZE } from './terminal-shortcuts';
import { TerminalView } from './TerminalView';

/** A shell on one of the course's ssh connections in a Lab tab, in the text size of Settings (zooming saves it there). */
export function TerminalPane({ courseId, connection, tabId, active, settings, readOnly }: SessionViewProps): ReactNode {
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
