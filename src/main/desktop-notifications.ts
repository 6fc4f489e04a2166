import { Notification } from 'electron';
import type { EventBus } from '../core/api/event-bus';
import type { EventPayload } from '../shared/contract';
import type { Translator } from '../shared/i18n';
import type { NotificationKind } from '../shared/notifications/notification-rules';
import { LabNotificationRules, type LabNotification } from '../shared/notifications/notification-rules';

export interface DesktopNotificationDeps {
  readonly events: EventBus;
  /** Kinds the learner turned off (Settings). */
  off(): readonly NotificationKind[];
  windowHidden(): boolean;
  /** The learner's language now. */
  translator(): Translator;
  /** Clicking a notification: bring the window up at that course. */
  openLab(courseId: string): void;
  /** "Keep running" on the idle warning: counts as activity in that lab. */
  keepRunning(courseId: string): void;
}

/** Shows the app's notifications (the shared rules) as the OS's own; returns the unsubscribe. */
export function showLabNotifications(deps: DesktopNotificationDeps): () => void {
  if (!Notification.isSupported()) return () => undefined;
  const rules = new LabNotificationRules(() => ({ off: deps.off(), windowHidden: deps.windowHidden(), translator: deps.translator() }));
  const show = (notification: LabNotification | undefined): void => {
    if (!notification) return;
    const shown = new Notification({
      title: notification.title,
      body: notification.body,
      actions: notification.actions.map((action) => ({ type: 'button' as const, text: action.label })),
    });
    shown.on('click', () => deps.openLab(notification.courseId));
    shown.on('action', (_event, index) => {
      if (notification.actions[index]?.id === 'keep-running') deps.keepRunning(notification.courseId);
    });
    shown.show();
  };
  return deps.events.subscribe((name, payload) => {
    if (name === 'lab.changed') show(rules.next({ type: 'lab.changed', view: payload as EventPayload<'lab.changed'> }));
    else if (name === 'lab.notice') show(rules.next({ type: 'lab.notice', notice: payload as EventPayload<'lab.notice'> }));
    else if (name === 'lab.checked') show(rules.next({ type: 'lab.checked', run: payload as EventPayload<'lab.checked'> }));
  });
}
