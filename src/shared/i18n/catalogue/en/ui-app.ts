/** The renderer's text: the app's frame (navigation, palette, deep links), settings and instructor screens. */
export const uiApp = {
  settings: {
    notifications: {
      title: 'Notifications',
      unsupported: 'This browser cannot show notifications.',
      denied: 'This browser blocks notifications from Lab Console: allow them in its site settings.',
      askFirst: 'Your browser shows Lab Console notifications only once you allow them.',
      allow: 'Allow notifications',
      tellMeWhen: 'Tell me when',
      closeToTray: 'Keep Lab Console in the tray when I close its window while labs run',
    },
  },
} as const;
