import type { LabApi, Settings, SettingsPatch } from '../../shared/contract';
import { translator } from '../i18n/translator';
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
  const { t } = translator;
  if (appCommand(id).needsCourse && !courseId) return t('palette.status.needsCourse', { command: t(appCommand(id).titleKey) });
  switch (id) {
    case 'lab.launch':
      await deps.api.call('lab.launch', { courseId: courseId! });
      return t('palette.status.launching', { courseId: courseId! });
    case 'lab.suspend':
      await deps.api.call('lab.suspend', { courseId: courseId! });
      return t('palette.status.suspending', { courseId: courseId! });
    case 'lab.resume':
      await deps.api.call('lab.resume', { courseId: courseId! });
      return t('palette.status.resuming', { courseId: courseId! });
    case 'lab.check': {
      const button = document.querySelector<HTMLButtonElement>('.step-checks button.button-primary');
      if (!button) return t('palette.status.noChecks');
      button.click();
      return t('palette.status.checking');
    }
    case 'shell.new':
      press(window, { key: 'N', code: 'KeyN', altKey: true, shiftKey: true });
      return t('palette.status.newShell');
    case 'terminal.find': {
      const input = shownTerminalInput();
      if (!input) return t('palette.status.noTerminal');
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
      return t('palette.status.fontSize', { size });
    }
    case 'app.settings':
      window.location.hash = hrefOf('settings');
      return '';
    case 'app.copyDiagnostics': {
      const { text } = await deps.api.call('diagnostics.collect', {});
      await navigator.clipboard.writeText(text);
      return t('palette.status.diagnosticsCopied');
    }
  }
}
