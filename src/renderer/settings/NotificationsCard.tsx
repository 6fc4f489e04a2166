import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_KIND_KEYS, NOTIFICATION_KINDS } from '../../shared/notifications/notification-rules';
import type { SettingsState } from '../hooks/use-settings';

const browserPermission = (): NotificationPermission | 'unsupported' =>
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;

/** Which lab events the app tells about while you look elsewhere; in a browser, the permission to do so. */
export function NotificationsCard({ settings }: { settings: SettingsState }): ReactNode {
  const { t } = useTranslation(['ui', 'common']);
  const off = settings.settings?.notificationsOff ?? [];
  const [permission, setPermission] = useState(browserPermission);
  const desktop = Boolean(window.lab);
  return (
    <section className="card" aria-labelledby="notifications-title">
      <h2 id="notifications-title">{t('settings.notifications.title')}</h2>
      {!desktop && permission !== 'granted' && (
        <p>
          {permission === 'unsupported'
            ? t('settings.notifications.unsupported')
            : permission === 'denied'
              ? t('settings.notifications.denied')
              : t('settings.notifications.askFirst')}{' '}
          {permission === 'default' && (
            <button type="button" className="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
              {t('settings.notifications.allow')}
            </button>
          )}
        </p>
      )}
      <fieldset>
        <legend>{t('settings.notifications.tellMeWhen')}</legend>
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
            {t(NOTIFICATION_KIND_KEYS[kind])}
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
          {t('settings.notifications.closeToTray')}
        </label>
      )}
    </section>
  );
}
