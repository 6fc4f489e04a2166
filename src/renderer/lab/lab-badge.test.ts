import { describe, expect, it } from 'vitest';
import type { LabView } from '../../shared/labs';
import { labPaneModel } from './lab-badge';

const lab = (
  state: string,
  group: 'up' | 'down' | 'pending' | 'failed',
  extra: Partial<NonNullable<LabView['lab']>> = {},
): NonNullable<LabView['lab']> => ({
  courseId: 'c',
  userId: 'u',
  stackName: 'lc-c-u',
  stackId: 'id',
  provider: 'p',
  state,
  group,
  ready: group === 'up',
  error: null,
  outputs: {},
  suspendBy: null,
  deleteBy: null,
  createdAt: 0,
  updatedAt: 0,
  ...extra,
});
const view = (l: LabView['lab'], activity: LabView['activity'] = null, blocked = false): LabView => ({
  courseId: 'c',
  lab: l,
  activity,
  usage: { runningHours: 0, limitHours: null, blocked },
  update: null,
});

describe('lab pane model', () => {
  it('offers Launch without a lab, Suspend and Reset when running, Resume when suspended', () => {
    expect(labPaneModel(view(null))).toMatchObject({ badge: 'No lab', canLaunch: true, canSuspend: false });
    expect(labPaneModel(view(lab('CREATE_COMPLETE', 'up')))).toMatchObject({
      badge: 'Running',
      canSuspend: true,
      canReset: true,
      canLaunch: false,
    });
    expect(labPaneModel(view(lab('SUSPEND_COMPLETE', 'down')))).toMatchObject({ badge: 'Suspended', canResume: true, canSuspend: false });
  });

  it("shows the job at work with no buttons, and Heat's reason when it failed", () => {
    const running = { jobId: 1, type: 'lab.launch', status: 'running', fraction: 0.4, message: 'host: CREATE_IN_PROGRESS', error: null };
    expect(labPaneModel(view(lab('LAUNCH_PENDING', 'pending'), running))).toMatchObject({
      badge: 'Launching',
      busy: true,
      canLaunch: false,
      canReset: false,
    });
    const failed = { ...running, status: 'failed', error: "Heat's reason: Resource CREATE failed: ValueError" };
    expect(labPaneModel(view(lab('LAUNCH_ERROR', 'failed', { stackId: null }), failed))).toMatchObject({
      tone: 'error',
      canLaunch: true,
      error: failed.error,
    });
  });

  it('withholds Launch and Resume when the usage limit blocks', () => {
    expect(labPaneModel(view(null, null, true)).canLaunch).toBe(false);
    expect(labPaneModel(view(lab('SUSPEND_COMPLETE', 'down'), null, true)).canResume).toBe(false);
  });
});
