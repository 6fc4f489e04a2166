import type { Translator } from '../i18n/i18n';
import type { CheckRun } from '../labs/check-calls';
import type { LabNotice, LabView } from '../labs/lab-status';

/** Each kind of desktop notification, each of which the learner can turn off in Settings. */
export const NOTIFICATION_KINDS = ['lab-ready', 'idle-suspend-soon', 'suspended', 'delete-soon', 'check-result'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Each kind's line in Settings › Notifications, as a catalogue key: `t(NOTIFICATION_KIND_KEYS[kind])`. */
export const NOTIFICATION_KIND_KEYS = {
  'lab-ready': 'common:notification.kind.labReady',
  'idle-suspend-soon': 'common:notification.kind.idleSuspendSoon',
  suspended: 'common:notification.kind.suspended',
  'delete-soon': 'common:notification.kind.deleteSoon',
  'check-result': 'common:notification.kind.checkResult',
} as const satisfies Readonly<Record<NotificationKind, `common:notification.kind.${string}`>>;

/** What the app tells the learner; clicking it brings the lab of `courseId` to the front. */
export interface LabNotification {
  readonly kind: NotificationKind;
  readonly courseId: string;
  readonly title: string;
  readonly body: string;
  /** One notification per course and kind on screen: a newer one replaces it. */
  readonly tag: string;
  /** "Keep running" pushes the idle deadline (`activity.ping`). */
  readonly actions: readonly { readonly id: 'keep-running'; readonly label: string }[];
}

/** Something that happened to a lab, as the app's events tell it. */
export type LabEventForNotice =
  | { readonly type: 'lab.changed'; readonly before: LabView | undefined; readonly after: LabView }
  | { readonly type: 'lab.notice'; readonly notice: LabNotice }
  | { readonly type: 'lab.checked'; readonly run: CheckRun };

export interface NotificationContext {
  /** Kinds the learner turned off (Settings). */
  readonly off: readonly NotificationKind[];
  /** Whether the app's window is hidden, minimised or not in front. */
  readonly windowHidden: boolean;
  /** Writes the notification in the learner's language. */
  readonly translator: Translator;
}

const make = (
  context: NotificationContext,
  kind: NotificationKind,
  courseId: string,
  title: string,
  body: string,
  keepRunning = false,
): LabNotification => ({
  kind,
  courseId,
  title,
  body,
  tag: `${kind}:${courseId}`,
  actions: keepRunning ? [{ id: 'keep-running', label: context.translator.t('common:notification.keepRunning') }] : [],
});

/** Which notification (if any) an event gives. Pure: the desktop shell and browser mode both use it. */
export function notificationFor(event: LabEventForNotice, context: NotificationContext): LabNotification | undefined {
  const notification = candidate(event, context);
  return notification && !context.off.includes(notification.kind) ? notification : undefined;
}

function candidate(event: LabEventForNotice, context: NotificationContext): LabNotification | undefined {
  const { t } = context.translator;
  switch (event.type) {
    case 'lab.changed': {
      const { before, after } = event;
      const lab = after.lab;
      if (!lab) return undefined;
      const was = before?.lab;
      // Ready is the moment the lab's connections first answer after a launch or resume.
      if (lab.ready && lab.group === 'up' && !(was?.ready && was.group === 'up'))
        return make(
          context,
          'lab-ready',
          lab.courseId,
          t('common:notification.labReady.title'),
          t('common:notification.labReady.body', { courseId: lab.courseId }),
        );
      if (lab.state === 'SUSPEND_COMPLETE' && was !== undefined && was !== null && was.state !== 'SUSPEND_COMPLETE')
        return make(
          context,
          'suspended',
          lab.courseId,
          t('common:notification.suspended.title'),
          t('common:notification.suspended.body', { courseId: lab.courseId }),
        );
      return undefined;
    }
    case 'lab.notice': {
      const { notice } = event;
      if (notice.kind === 'idle-suspend-soon')
        return make(
          context,
          'idle-suspend-soon',
          notice.courseId,
          t('common:notification.idleSuspendSoon.title'),
          t('common:notification.idleSuspendSoon.body', { courseId: notice.courseId }),
          true,
        );
      if (notice.kind === 'delete-soon')
        return make(
          context,
          'delete-soon',
          notice.courseId,
          t('common:notification.deleteSoon.title'),
          t('common:notification.deleteSoon.body', { courseId: notice.courseId, when: new Date(notice.at) }),
        );
      return undefined;
    }
    case 'lab.checked': {
      // A check the learner watches in the window needs no notification.
      if (!context.windowHidden) return undefined;
      const { run } = event;
      const passed = run.total > 0 && run.passed === run.total;
      return make(
        context,
        'check-result',
        run.courseId,
        passed ? t('common:notification.checkPassed') : t('common:notification.checkFailed'),
        t('common:notification.checkBody', { courseId: run.courseId, stepId: run.stepId, passed: run.passed, total: run.total }),
      );
    }
  }
}

/**
 * Remembers the last view of each lab so `lab.changed` can be compared with what came before (the
 * UI and the desktop shell each keep one).
 */
export class LabNotificationRules {
  private readonly views = new Map<string, LabView>();

  constructor(private readonly context: () => NotificationContext) {}

  /** The notification the event gives now, if any. */
  next(event: { type: 'lab.changed'; view: LabView } | Exclude<LabEventForNotice, { type: 'lab.changed' }>): LabNotification | undefined {
    if (event.type !== 'lab.changed') return notificationFor(event, this.context());
    const before = this.views.get(event.view.courseId);
    this.views.set(event.view.courseId, event.view);
    return notificationFor({ type: 'lab.changed', before, after: event.view }, this.context());
  }
}
