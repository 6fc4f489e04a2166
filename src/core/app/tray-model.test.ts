import { describe, expect, it } from 'vitest';
import type { LabStatus } from '../../shared/labs/lab-status';
import { closeAction, trayModel } from './tray-model';

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
    const model = trayModel([
      lab('web-basics', 'CREATE_COMPLETE', 'up', true),
      lab('intro-linux', 'RESUME_IN_PROGRESS', 'pending'),
      lab('old-course', 'SUSPEND_COMPLETE', 'down'),
    ]);
    expect(model.tooltip).toBe('Lab Console — 1 lab running');
    expect(model.items).toEqual([
      { kind: 'lab', courseId: 'intro-linux', label: 'intro-linux — starting' },
      { kind: 'lab', courseId: 'web-basics', label: 'web-basics — running' },
      { kind: 'separator' },
      { kind: 'suspendAll', label: 'Suspend all labs', enabled: true },
      { kind: 'show', label: 'Show Lab Console' },
      { kind: 'separator' },
      { kind: 'quit', label: 'Quit (suspends running labs)' },
    ]);
  });

  it('offers no Suspend all and a plain Quit when nothing runs', () => {
    const model = trayModel([lab('old-course', 'SUSPEND_COMPLETE', 'down')]);
    expect(model.tooltip).toBe('Lab Console — no lab running');
    expect(model.items).toContainEqual({ kind: 'suspendAll', label: 'Suspend all labs', enabled: false });
    expect(model.items.at(-1)).toEqual({ kind: 'quit', label: 'Quit' });
    expect(model.items.some((i) => i.kind === 'lab')).toBe(false);
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
