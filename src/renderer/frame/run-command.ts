import type { LabApi, Settings, SettingsPatch } from '../../shared/contract';
import { appCommand, type AppCommandId } from '../../shared/commands/app-commands';
import { hrefOf, type Route } from '../hooks/use-route';
import { DEFAULT_FONT_SIZE, isMacPlatform, nextFontSize } from '../terminal/terminal-shortcuts';

export interface CommandDeps {
  readonly api: LabApi;
  readonly route: Route;
  readonly settings: Settings | undefined;
  updateSettings(patch: SettingsPatch): Promise<boolean>;
}

/** The course on screen, which the lab commands act on. */
export function courseOnScreen(route: Route): string | undefined {
  return route.screen === 'lab' ? route.params[0] : undefined;
}

/** A key press as the part of the UI that owns the command reads it (the terminal, the workspace). */
function press(target: EventTarget, init: KeyboardEventInit): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
}

/** The input of the terminal in the shown tab. */
function shownTerminalInput(): HTMLTextAreaElement | undefined {
  const inputs = [...document.querySelectorAll<HTMLTextAreaElement>('.xterm-helper-textarea')];
  return inputs.find((input) => !input.closest('[hidden]')) ?? inputs[0];
}

/**
 * Runs one of the app's commands (from the palette or the desktop menu) and says what happened.
 * Lab commands go through the contract like the Lab pane's buttons; Find and New shell are the
 * terminal's and the workspace's own keys, pressed for the learner.
 */
export async function runAppCommand(id: AppCommandId, deps: CommandDeps): Promise<string> {
  const courseId = courseOnScreen(deps.route);
  if (appCommand(id).needsCourse && !courseId) return `${appCommand(id).label}: open a course first.`;
  switch (id) {
    case 'lab.launch':
      await deps.api.call('lab.launch', { courseId: courseId! });
      return `Launching the lab of ${courseId}…`;
    case 'lab.suspend':
      await deps.api.call('lab.suspend', { courseId: courseId! });
      return `Suspending the lab of ${courseId}…`;
    case 'lab.resume':
      await deps.api.call('lab.resume', { courseId: courseId! });
      return `Resuming the lab of ${courseId}…`;
    case 'lab.check': {
      const button = document.querySelector<HTMLButtonElement>('.step-checks button.button-primary');
      if (!button) return 'This step has no progress checks.';
      button.click();
      return 'Checking this step…';
    }
    case 'shell.new':
      press(window, { key: 'N', code: 'KeyN', altKey: true, shiftKey: true });
      return 'Opening a new shell…';
    case 'terminal.find': {
      const input = shownTerminalInput();
      if (!input) return 'Find: no terminal is open.';
      input.focus();
      const mac = isMacPlatform(navigator.platform);
      press(input, { key: 'F', code: 'KeyF', shiftKey: true, ctrlKey: !mac, metaKey: mac });
      return '';
    }
    case 'view.zoomIn':
    case 'view.zoomOut':
    case 'view.zoomReset': {
      const current = deps.settings?.terminalFontSize ?? DEFAULT_FONT_SIZE;
      const size = nextFontSize(current, id === 'view.zoomIn' ? 'zoom-in' : id === 'view.zoomOut' ? 'zoom-out' : 'zoom-reset');
      await deps.updateSettings({ terminalFontSize: size });
      return `Terminal text size ${size}.`;
    }
    case 'app.settings':
      window.location.hash = hrefOf('settings');
      return '';
    case 'app.copyDiagnostics': {
      const { text } = await deps.api.call('diagnostics.collect', {});
      await navigator.clipboard.writeText(text);
      return 'Diagnostics copied: paste them into your message to support.';
    }
  }
}
