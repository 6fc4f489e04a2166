import { describe, expect, it } from 'vitest';
import type { StackEvent } from '../../shared/openstack/stack';
import type { HeatClient } from '../openstack/heat/heat-client';
import { actionApplies } from './cohort-actions';
import { cohortCsv } from '../../shared/cohort/cohort-csv';
import type { FoundLab } from './cohort-scan';
import { timelineOf } from '../labs/lab-timeline';
import { selectLabs } from './lab-selection';
import { decide, type ReapPolicy } from './reap-policy';

const H = 3_600_000;
const T0 = Date.parse('2026-11-20T10:00:00Z');
const at = (ms: number) => new Date(ms).toISOString().replace('.000', '');

function lab(name: string, status: string, history: [number, string][], reason = ''): FoundLab {
  const events: StackEvent[] = history.map(([t, s], i) => ({
    id: `${name}-${i}`,
    time: at(T0 + t),
    resourceName: name,
    status: s,
    statusReason: '',
    isStackEvent: true,
  }));
  const summary = { id: `id-${name}`, name, status, statusReason: reason, createdAt: at(T0), tags: [] };
  return {
    project: { id: `p-${name}`, name: `lab-${name}`, tags: [] },
    heat: {} as HeatClient,
    summary,
    identity: { courseId: 'c', userId: `u-${name}` },
    timeline: timelineOf(events, summary.createdAt),
  };
}

const policy: ReapPolicy = { maxSessionSeconds: 4 * 3600, deleteAgeSeconds: 86_400, failedGraceSeconds: 3600 };
const up = lab('up', 'RESUME_COMPLETE', [
  [0, 'CREATE_IN_PROGRESS'],
  [1000, 'CREATE_COMPLETE'],
  [2 * H, 'SUSPEND_COMPLETE'],
  [10 * H, 'RESUME_COMPLETE'],
]);
const down = lab('down', 'SUSPEND_COMPLETE', [
  [0, 'CREATE_COMPLETE'],
  [H, 'SUSPEND_COMPLETE'],
]);
const failedCreate = lab(
  'fc',
  'CREATE_FAILED',
  [
    [0, 'CREATE_IN_PROGRESS'],
    [1000, 'CREATE_FAILED'],
  ],
  'ValueError: boom',
);
const failedResume = lab('fr', 'RESUME_FAILED', [
  [0, 'CREATE_COMPLETE'],
  [H, 'SUSPEND_COMPLETE'],
  [2 * H, 'RESUME_FAILED'],
]);

describe('the reaper’s decisions from Heat events', () => {
  it('times a session from the last RESUME_COMPLETE, not from the create', () => {
    expect(decide(up, policy, T0 + 13 * H).action).toBe('keep');
    const late = decide(up, policy, T0 + 15 * H);
    expect(late.action).toBe('suspend');
    expect(late.reason).toMatch(/up for 5\.0 h since 2026-11-20T20:00:00/);
  });

  it('deletes a lab suspended longer than delete_age, counted from SUSPEND_COMPLETE', () => {
    expect(decide(down, policy, T0 + 24 * H).action).toBe('keep');
    expect(decide(down, policy, T0 + 26 * H)).toMatchObject({ action: 'delete', reason: expect.stringMatching(/suspended for 1\.0 d/) });
  });

  it('deletes a failed create after the grace period with Heat’s reason, but only suspends a failed resume', () => {
    expect(decide(failedCreate, policy, T0 + 0.5 * H).action).toBe('keep');
    expect(decide(failedCreate, policy, T0 + 2 * H)).toMatchObject({ action: 'delete', reason: expect.stringMatching(/ValueError: boom/) });
    expect(decide(failedResume, policy, T0 + 4 * H)).toMatchObject({
      action: 'suspend',
      reason: expect.stringMatching(/keep the learner's work/),
    });
  });

  it('names the limits it compares with in the reason (max_session, delete_age, grace period), not zero', () => {
    expect(decide(up, policy, T0 + 13 * H).reason).toBe('up for 3.0 h, within the maximum session of 4.0 h');
    expect(decide(up, policy, T0 + 15 * H).reason).toMatch(/, longer than the maximum session of 4\.0 h$/);
    expect(decide(down, { ...policy, deleteAgeSeconds: 3600 }, T0 + 1.5 * H).reason).toBe('suspended for 30 min, within delete_age 1.0 h');
    expect(decide(down, { ...policy, deleteAgeSeconds: 3600 }, T0 + 3 * H).reason).toMatch(/, longer than delete_age 1\.0 h$/);
    expect(decide(failedCreate, policy, T0 + 0.5 * H).reason).toBe('CREATE_FAILED for 30 min, within the grace period of 1.0 h');
    expect(decide(failedCreate, { ...policy, failedGraceSeconds: 90 }, T0 + 2 * H).reason).toMatch(/past the grace period of 2 min/);
  });

  it('leaves labs alone when a rule is off, while Heat works on them, and without events', () => {
    const off: ReapPolicy = { maxSessionSeconds: null, deleteAgeSeconds: null, failedGraceSeconds: null };
    for (const l of [up, down, failedCreate]) expect(decide(l, off, T0 + 100 * H).action).toBe('keep');
    expect(decide(lab('busy', 'SUSPEND_IN_PROGRESS', [[0, 'CREATE_COMPLETE']]), policy, T0 + 100 * H).action).toBe('keep');
    expect(decide({ ...up, timeline: undefined }, policy, T0 + 100 * H).action).toBe('keep');
  });
});

describe('bulk actions', () => {
  it('apply only where they make sense right now', () => {
    expect(actionApplies('suspend', 'CREATE_COMPLETE', 'up').ok).toBe(true);
    expect(actionApplies('suspend', 'SUSPEND_COMPLETE', 'down').ok).toBe(false);
    expect(actionApplies('resume', 'SUSPEND_COMPLETE', 'down').ok).toBe(true);
    expect(actionApplies('resume', 'CHECK_COMPLETE', 'down').ok).toBe(false);
    expect(actionApplies('delete', 'DELETE_IN_PROGRESS', 'pending').ok).toBe(false);
    expect(actionApplies('delete', 'CREATE_FAILED', 'failed').ok).toBe(true);
  });

  it('select by learner or state, and never everything by accident', () => {
    const labs = [up, down, failedCreate];
    expect(selectLabs(labs, {})).toEqual([]);
    expect(selectLabs(labs, { learners: ['lab-down'] }).map((l) => l.summary.name)).toEqual(['down']);
    expect(selectLabs(labs, { states: ['failed'] }).map((l) => l.summary.name)).toEqual(['fc']);
    expect(selectLabs(labs, { states: ['SUSPEND_COMPLETE', 'up'] }).map((l) => l.summary.name)).toEqual(['up', 'down']);
    expect(selectLabs(labs, { all: true })).toHaveLength(3);
  });

  it('exports CSV with quoted cells where needed', () => {
    const csv = cohortCsv([
      {
        stackId: 's',
        stackName: 'n',
        projectId: 'p',
        projectName: 'lab-a',
        userId: 'u',
        learner: 'lab-a',
        courseId: 'c',
        courseVersion: null,
        state: 'CREATE_FAILED',
        group: 'failed',
        statusReason: 'Resource CREATE failed: "x", y',
        since: null,
        createdAt: 't',
        uptimeWeekSeconds: 0,
        lastActivity: null,
        costMonth: 1.5,
        runningSecondsMonth: 0,
        suspendedSecondsMonth: 0,
        activeSecondsMonth: null,
        wasteRatio: null,
        perHourNow: null,
        flavors: [],
        score: null,
      },
    ]);
    expect(csv.split('\r\n')[1]).toContain('"Resource CREATE failed: ""x"", y"');
    expect(csv.split('\r\n')[1]!.startsWith('lab-a,u,c,,CREATE_FAILED,failed,,0,,1.5,0,0,,,,,n,s,lab-a,p,,')).toBe(true);
  });
});
