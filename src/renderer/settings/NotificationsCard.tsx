import { useState, type ReactNode } from 'react';
import { NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS } from '../../shared/notifications/notification-rules';
import type { SettingsState } from '../hooks/use-settings';

const browserPermission = (): NotificationPermission | 'unsupported' =>
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;

/** Which lab events the app tells about while you look elsewhere; in a browser, the permission to do so. */
export function NotificationsCard({ settings }: { settings: SettingsState }): ReactNode {
  const off = settings.settings?.notificationsOff ?? [];
  const [permission, setPermission] = useState(browserPermission);
  const desktop = Boolean(window.lab);
  return (
    <section className="card" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      {!desktop && permission !== 'granted' && (
        <p>
          {permission === 'unsupported'
            ? 'This browser cannot show notifications.'
            : permission === 'denied'
              ? 'This browser blocks notifications from Lab Console: allow them in its site settings.'
              : 'Your browser shows Lab Console notifications only once you allow them.'}{' '}
          {permission === 'default' && (
            <button type="button" className="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
              Allow notifications
            </button>
          )}
        </p>
      )}
      <fieldset>
        <legend>Tell me when</legend>
        {NOTIFICATION_KINDS.map((kind) => (
          <label key={kind} className="checkbox">
            <input
              type="checkbox"
              disabled={!settings.settings}
              checked={!off.includes(kind)}
              onChange={(event) =>
                void settings.update({ notificationsOff: event.target.checked ? off.filter((k) => k !== kind) : [...off, kind] })
              }
            />
            {NOTIFICATION_KIND_LABELS[kind]}
          </label>
        ))}
      </fieldset>
      {desktop && (
        <label className="checkbox">
          <input
            type="checkbox"
            disabled={!settings.settings}
            checked={settings.settings?.closeToTray ?? true}
            onChange={(event) => void settings.update({ closeToTray: event.target.checked })}
          />
          Keep Lab Console in the tray when I close its window while labs run
        </label>
      )}
    </section>
  );
}
