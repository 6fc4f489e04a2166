import { Notification, type BrowserWindow } from 'electron';
import { closeAction } from '../core/app/tray-model';
import type { Translator } from '../shared/i18n';

export interface CloseToTrayDeps {
  runningLabs(): number;
  /** settings.closeToTray (default on) and settings.trayExplained. */
  settings(): { closeToTray?: boolean; trayExplained?: boolean };
  markExplained(): void;
  /** The learner's language now. */
  translator(): Translator;
  /** True once the app is quitting: then the window really closes. */
  quitting(): boolean;
}

/** Closing the window while labs run hides it to the tray instead (closeAction decides). */
export function keepInTrayOnClose(window: BrowserWindow, deps: CloseToTrayDeps): void {
  window.on('close', (event) => {
    if (deps.quitting()) return;
    const settings = deps.settings();
    const action = closeAction({
      runningLabs: deps.runningLabs(),
      closeToTray: settings.closeToTray ?? true,
      explained: settings.trayExplained ?? false,
    });
    if (action === 'quit') return;
    event.preventDefault();
    window.hide();
    if (action === 'hide-and-explain') {
      if (Notification.isSupported())
        new Notification({
          title: deps.translator().t('common:notification.stillRunning.title'),
          body: deps.translator().t('common:notification.stillRunning.body'),
        }).show();
      deps.markExplained();
    }
  });
}
