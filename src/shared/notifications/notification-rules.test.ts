import { describe, expect, it } from 'vitest';
import type { CheckRun } from '../labs/check-calls';
import type { LabStatus, LabView } from '../labs/lab-status';
import { createTranslator } from '../i18n/i18n';
import { LabNotificationRules, NOTIFICATION_KINDS, notificationFor, type NotificationContext } from './notification-rules';

const translator = createTranslator('en');
const shown: NotificationContext = { off: [], windowHidden: false, translator };
const hidden: NotificationContext = { off: [], windowHidden: true, translator };

function view(lab: Partial<LabStatus> | null): LabView {
  return {
    courseId: 'linux-intro',
    lab: lab && {
      courseId: 'linux-intro',
      userId: 'u1',
      stackName: 's',
      stackId: 'id',
      provider: 'cloud',
      state: 'CREATE_IN_PROGRESS',
      group: 'pending',
      ready: false,
      error: null,
      outputs: {},
      suspendBy: null,
      deleteBy: null,
      createdAt: 0,
      updatedAt: 0,
      ...lab,
    },
    activity: null,
    usage: { runningHours: 0, limitHours: null, blocked: false },
    update: null,
    cloud: null,
  };
}
const ready = view({ state: 'CREATE_COMPLETE', group: 'up', ready: true });
const run = (passed: number, total: number): CheckRun => ({
  id: 1,
  courseId: 'linux-intro',
  userId: 'u1',
  stepId: 'files',
  passed,
  total,
  score: total ? passed / total : 0,
  outcomes: [],
  source: 'app',
  at: 0,
});

describe('which notification a lab event gives', () => {
  it('tells once that a lab is ready, when its connections first answer', () => {
    const rules = new LabNotificationRules(() => shown);
    expect(rules.next({ type: 'lab.changed', view: view({ state: 'CREATE_IN_PROGRESS' }) })).toBeUndefined();
    expect(rules.next({ type: 'lab.changed', view: view({ state: 'CREATE_COMPLETE', group: 'up', ready: false }) })).toBeUndefined();
    expect(rules.next({ type: 'lab.changed', view: ready })).toMatchObject({
      kind: 'lab-ready',
      courseId: 'linux-intro',
      title: 'Your lab is ready',
    });
    expect(rules.next({ type: 'lab.changed', view: ready })).toBeUndefined();
  });

  it('offers "Keep running" a minute before an idle suspend', () => {
    const n = notificationFor(
      { type: 'lab.notice', notice: { courseId: 'linux-intro', kind: 'idle-suspend-soon', at: 60_000, message: 'soon' } },
      shown,
    );
    expect(n).toMatchObject({
      kind: 'idle-suspend-soon',
      title: 'Your lab will be suspended in a minute',
      actions: [{ id: 'keep-running', label: 'Keep running' }],
    });
  });

  it('tells when a running lab got suspended, but not for a lab first seen suspended', () => {
    const rules = new LabNotificationRules(() => shown);
    expect(rules.next({ type: 'lab.changed', view: view({ state: 'SUSPEND_COMPLETE', group: 'down' }) })).toBeUndefined();
    rules.next({ type: 'lab.changed', view: ready });
    expect(rules.next({ type: 'lab.changed', view: view({ state: 'SUSPEND_COMPLETE', group: 'down' }) })).toMatchObject({
      kind: 'suspended',
    });
  });

  it('warns of a delete coming, with the date the app gives, written for the reader’s language', () => {
    const at = Date.UTC(2026, 11, 9, 12);
    const notice = { courseId: 'linux-intro', kind: 'delete-soon', at, message: 'deleted on 2026-12-09' } as const;
    const day = (locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(at);
    expect(notificationFor({ type: 'lab.notice', notice }, shown)).toMatchObject({
      kind: 'delete-soon',
      body: `The lab of linux-intro will be deleted on ${day('en')}, with everything in it. Resume it before then to keep it.`,
      actions: [],
    });
    const german = { ...shown, translator: createTranslator('de') };
    expect(notificationFor({ type: 'lab.notice', notice }, german)).toMatchObject({
      title: 'Dein angehaltenes Lab wird bald gelöscht',
      body: `Das Lab von linux-intro wird am ${day('de')} gelöscht, mit allem, was darin ist. Setze es vorher fort, um es zu behalten.`,
    });
    expect(day('de')).toBe('09.12.2026');
  });

  it('tells a check result only while the window is hidden', () => {
    expect(notificationFor({ type: 'lab.checked', run: run(2, 2) }, shown)).toBeUndefined();
    expect(notificationFor({ type: 'lab.checked', run: run(2, 2) }, hidden)).toMatchObject({ kind: 'check-result', title: 'Check passed' });
    expect(notificationFor({ type: 'lab.checked', run: run(1, 2) }, hidden)).toMatchObject({
      title: 'Check failed',
      body: 'linux-intro, step files: 1 of 2 checks passed.',
    });
  });

  it('gives nothing for a kind the learner turned off, and nothing for other notices', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const off: NotificationContext = { off: [kind], windowHidden: true, translator };
      const events = {
        'lab-ready': () => notificationFor({ type: 'lab.changed', before: undefined, after: ready }, off),
        'idle-suspend-soon': () =>
          notificationFor({ type: 'lab.notice', notice: { courseId: 'linux-intro', kind: 'idle-suspend-soon', at: 1, message: '' } }, off),
        suspended: () =>
          notificationFor({ type: 'lab.changed', before: ready, after: view({ state: 'SUSPEND_COMPLETE', group: 'down' }) }, off),
        'delete-soon': () =>
          notificationFor({ type: 'lab.notice', notice: { courseId: 'linux-intro', kind: 'delete-soon', at: 1, message: '' } }, off),
        'check-result': () => notificationFor({ type: 'lab.checked', run: run(1, 1) }, off),
      } as const;
      for (const [other, make] of Object.entries(events)) expect(make() === undefined, `${other} with ${kind} off`).toBe(other === kind);
    }
    expect(
      notificationFor({ type: 'lab.notice', notice: { courseId: 'linux-intro', kind: 'usage-limit', at: 1, message: '' } }, shown),
    ).toBeUndefined();
  });
});
