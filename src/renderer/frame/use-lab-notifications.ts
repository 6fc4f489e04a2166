import { useEffect, useRef } from 'react';
import type { Settings } from '../../shared/contract';
import { translator } from '../i18n/translator';
import { LabNotificationRules, type LabNotification } from '../../shared/notifications/notification-rules';
import { useApi } from '../api/api-context';
import { hrefOf } from '../hooks/use-route';

/**
 * Browser mode's notifications: the web Notification API, once the learner allowed it (Settings ›
 * Notifications). The desktop app shows its own from the main process with the same rules, so this
 * stays off there (Electron's preload sets `window.lab`).
 */
export function useLabNotifications(settings: Settings | undefined): void {
  const api = useApi();
  const off = useRef(settings?.notificationsOff ?? []);
  useEffect(() => {
    off.current = settings?.notificationsOff ?? [];
  }, [settings?.notificationsOff]);

  useEffect(() => {
    if (window.lab || typeof Notification === 'undefined') return;
    const rules = new LabNotificationRules(() => ({ off: off.current, windowHidden: document.hidden || !document.hasFocus(), translator }));
    const show = (notification: LabNotification | undefined): void => {
      if (!notification || Notification.permission !== 'granted') return;
      const shown = new Notification(notification.title, { body: notification.body, tag: notification.tag });
      shown.onclick = () => {
        window.focus();
        window.location.hash = hrefOf('lab', notification.courseId);
        // A web notification has no buttons: clicking the idle warning is "Keep running".
        if (notification.actions.some((a) => a.id === 'keep-running'))
          void api.call('activity.ping', { source: 'ui', courseId: notification.courseId });
        shown.close();
      };
    };
    const offs = [
      api.on('lab.changed', (view) => show(rules.next({ type: 'lab.changed', view }))),
      api.on('lab.notice', (notice) => show(rules.next({ type: 'lab.notice', notice }))),
      api.on('lab.checked', (run) => show(rules.next({ type: 'lab.checked', run }))),
    ];
    return () => offs.forEach((unsubscribe) => unsubscribe());
  }, [api]);
}
