import { useEffect } from 'react';
import { cyclePanes, leaveEmbedded } from '../components/keyboard-panes';
import { currentKeyMode, workspaceCommand } from '../session/workspace-keys';

/** On every screen: the keys that cycle the regions (F6, Alt+Shift+P) and leave a terminal or desktop (Alt+Shift+L). */
export function usePaneKeys(): void {
  useEffect(() => {
    const mode = currentKeyMode();
    const onKey = (event: KeyboardEvent): void => {
      const command = workspaceCommand(event, mode);
      const handled =
        command === 'next-pane'
          ? cyclePanes(1)
          : command === 'previous-pane'
            ? cyclePanes(-1)
            : command === 'leave'
              ? leaveEmbedded()
              : false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
