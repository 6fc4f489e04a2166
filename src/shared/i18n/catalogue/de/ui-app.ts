import type { Translation } from '../catalogue';
import type { uiApp as source } from '../en/ui-app';

export const uiApp: Translation<typeof source> = {
  settings: {
    notifications: {
      title: 'Benachrichtigungen',
      unsupported: 'Dieser Browser kann keine Benachrichtigungen zeigen.',
      denied: 'Dieser Browser blockiert Benachrichtigungen von Lab Console: Erlaube sie in seinen Website-Einstellungen.',
      askFirst: 'Dein Browser zeigt Benachrichtigungen von Lab Console erst, wenn du sie erlaubst.',
      allow: 'Benachrichtigungen erlauben',
      tellMeWhen: 'Sag mir Bescheid, wenn',
      closeToTray: 'Lab Console im Tray behalten, wenn ich das Fenster schließe, während Labs laufen',
    },
  },
};
