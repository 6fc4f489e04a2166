import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../shared/i18n';
import { priceOfLab, type LabCostView } from '../../shared/labs/lab-rates';
import type { LabStatus } from '../../shared/labs/lab-status';
import type { StackEvent } from '../../shared/openstack/stack';
import { silentLogger } from '../log/logger';
import { labCostOf, learnerLabCost } from '../labs/lab-cost';
import { timelineOf } from '../labs/lab-timeline';
import { closeAction, trayCosts, trayModel } from './tray-model';

const english = createTranslator('en');
const german = createTranslator('de');

const lab = (courseId: string, state: string, group: LabStatus['group'], ready = false): LabStatus => ({
  courseId,
  userId: 'u',
  stackName: courseId,
  stackId: null,
  provider: null,
  state,
  group,
  ready,
  error: null,
  outputs: {},
  suspendBy: null,
  deleteBy: null,
  createdAt: 0,
  updatedAt: 0,
});

describe('the tray menu model', () => {
  it('lists running and busy labs with their state, then Suspend all, Show and a Quit that says it suspends', () => {
    const model = trayModel(
      [
        lab('web-basics', 'CREATE_COMPLETE', 'up', true),
        lab('intro-linux', 'RESUME_IN_PROGRESS', 'pending'),
        lab('old-course', 'SUSPEND_COMPLETE', 'down'),
      ],
      english,
    );
    expect(model.tooltip).toBe('Lab Console — 1 lab running');
    expect(model.items).toEqual([
      { kind: 'lab', courseId: 'intro-linux', label: 'intro-linux — Resuming…' },
      { kind: 'lab', courseId: 'web-basics', label: 'web-basics — Running' },
      { kind: 'separator' },
      { kind: 'suspendAll', label: 'Suspend all labs', enabled: true },
      { kind: 'show', label: 'Show Lab Console' },
      { kind: 'separator' },
      { kind: 'quit', label: 'Quit (suspends running labs)' },
    ]);
  });

  it('offers no Suspend all and a plain Quit when nothing runs', () => {
    const model = trayModel([lab('old-course', 'SUSPEND_COMPLETE', 'down')], english);
    expect(model.tooltip).toBe('Lab Console — no lab running');
    expect(model.items).toContainEqual({ kind: 'suspendAll', label: 'Suspend all labs', enabled: false });
    expect(model.items.at(-1)).toEqual({ kind: 'quit', label: 'Quit' });
    expect(model.items.some((i) => i.kind === 'lab')).toBe(false);
  });
});

const ev = (time: string, status: string): StackEvent => ({
  id: `${time}-${status}`,
  time,
  resourceName: 'lab',
  status,
  statusReason: '',
  isStackEvent: true,
});

/** The lab's cost from its Heat events, by the computation behind learnerLabCost. */
function costOf(courseId: string, now: number): LabCostView {
  const timeline = timelineOf(
    [ev('2026-11-02T09:00:00Z', 'CREATE_IN_PROGRESS'), ev('2026-11-02T09:01:00Z', 'CREATE_COMPLETE')],
    '2026-11-02T09:00:00Z',
  );
  const rate = priceOfLab({ runningPerHour: 0.42, suspendedPerHour: 0.01, currency: 'EUR' }, 'cloud', []);
  return { courseId, cost: labCostOf(timeline, rate, now), problem: null };
}

describe('the tray’s cost this hour', () => {
  const now = Date.parse('2026-11-02T10:30:00Z');
  const labs = [lab('web-basics', 'CREATE_COMPLETE', 'up', true), lab('intro-linux', 'CREATE_IN_PROGRESS', 'pending')];

  it('shows each running lab’s cost this hour, formatted by Intl in the reader’s language', async () => {
    const asked: string[] = [];
    const costs = await trayCosts(labs, async (courseId) => {
      asked.push(courseId);
      return courseId === 'web-basics' ? costOf(courseId, now) : { courseId, cost: null, problem: 'not yet' };
    });
    expect(asked.sort()).toEqual(['intro-linux', 'web-basics']);
    const euros = (locale: string) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(0.42);
    expect(trayModel(labs, english, costs).items.slice(0, 2)).toEqual([
      { kind: 'lab', courseId: 'intro-linux', label: 'intro-linux — Starting…' },
      { kind: 'lab', courseId: 'web-basics', label: `web-basics — Running, ${euros('en')} this hour` },
    ]);
    const deutsch = trayModel(labs, german, costs);
    expect(deutsch.items[1]).toEqual({ kind: 'lab', courseId: 'web-basics', label: `web-basics — Läuft, ${euros('de')} in dieser Stunde` });
    expect(euros('de')).toBe('0,42\u00a0€');
    expect(deutsch.tooltip).toBe('Lab Console — 1 Lab läuft');
    expect(deutsch.items.slice(2).map((i) => ('label' in i ? i.label : i.kind))).toEqual([
      'separator',
      'Alle Labs anhalten',
      'Lab Console zeigen',
      'separator',
      'Beenden (hält laufende Labs an)',
    ]);
  });

  it('leaves a lab without a price when learnerLabCost has none, and a cloud that fails out of the menu’s way', async () => {
    const costs = await trayCosts(labs, (courseId) =>
      courseId === 'web-basics'
        ? learnerLabCost(courseId, undefined, {
            manifest: undefined,
            connection: () => Promise.reject(new Error('no')),
            now: () => now,
            logger: silentLogger,
          })
        : Promise.reject(new Error('the cloud is down')),
    );
    expect(trayModel(labs, english, costs).items[1]).toEqual({ kind: 'lab', courseId: 'web-basics', label: 'web-basics — Running' });
  });
});

describe('closing the window', () => {
  it('keeps the app in the tray while labs run, explaining it the first time; quits otherwise or when turned off', () => {
    expect(closeAction({ runningLabs: 2, closeToTray: true, explained: false })).toBe('hide-and-explain');
    expect(closeAction({ runningLabs: 2, closeToTray: true, explained: true })).toBe('hide');
    expect(closeAction({ runningLabs: 0, closeToTray: true, explained: false })).toBe('quit');
    expect(closeAction({ runningLabs: 2, closeToTray: false, explained: true })).toBe('quit');
  });
});
