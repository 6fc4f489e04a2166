import { describe, expect, it } from 'vitest';
import type { HeatClient } from '../openstack/heat/heat-client';
import { toStack, toSummary } from '../openstack/heat/stack-records';
import { runningSeries, toRow, totalsOf } from './cohort-rows';
import { timelineOf } from '../labs/lab-timeline';
import type { FoundLab } from './cohort-scan';
import { selectLabs } from './lab-selection';

const record = (owner?: string) => ({
  id: 'sid',
  stack_name: 'lc-c-u1',
  stack_status: 'CREATE_COMPLETE',
  creation_time: '2026-11-01T00:00:00Z',
  tags: ['lc'],
  ...(owner ? { stack_owner: owner } : {}),
});

const found = (owner?: string): FoundLab => ({
  project: { id: 'p1', name: 'lab-ann', tags: [] },
  heat: {} as HeatClient,
  summary: toSummary(toStack(record(owner))),
  identity: { courseId: 'c', userId: 'u1' },
});

describe('learners by name', () => {
  it('shows the Keystone user name Heat keeps as the stack owner, the project beside it', () => {
    expect(toRow(found('ann'), Date.parse('2026-11-02T00:00:00Z'), undefined)).toMatchObject({
      learner: 'ann',
      projectName: 'lab-ann',
      userId: 'u1',
    });
  });

  it('falls back to the project name where Heat names no owner', () => {
    expect(toRow(found(), Date.now(), undefined).learner).toBe('lab-ann');
  });

  it('selects a lab by user name, user id or project name', () => {
    for (const who of ['ann', 'u1', 'lab-ann']) expect(selectLabs([found('ann')], { learners: [who] })).toHaveLength(1);
    expect(selectLabs([found('ann')], { learners: ['bob'] })).toHaveLength(0);
  });
});

describe('the running-labs chart', () => {
  const at = (iso: string) => ({ id: iso, time: iso, isStackEvent: true, resourceName: 'lc-c-u1', logicalResourceId: 'lc-c-u1' });
  const lab = (name: string, history: [string, string][]): FoundLab => {
    const [, last] = history.at(-1)!;
    const summary = toSummary(toStack({ ...record('ann'), id: name, stack_name: name, stack_status: last }));
    return {
      ...found('ann'),
      summary,
      timeline: timelineOf(
        history.map(([time, status]) => ({ ...at(time), status, statusReason: '' }) as never),
        '2026-11-01T00:00:00Z',
      ),
    };
  };

  it('counts "now" the same labs as the totals’ running now: a failed lab in neither', () => {
    const now = Date.parse('2026-11-02T12:00:00Z');
    const labs = [
      lab('up', [
        ['2026-11-01T00:00:00Z', 'CREATE_IN_PROGRESS'],
        ['2026-11-01T00:05:00Z', 'CREATE_COMPLETE'],
      ]),
      lab('failed', [
        ['2026-11-01T00:00:00Z', 'CREATE_IN_PROGRESS'],
        ['2026-11-01T00:05:00Z', 'CREATE_FAILED'],
      ]),
      lab('checked-asleep', [
        ['2026-11-01T00:00:00Z', 'CREATE_COMPLETE'],
        ['2026-11-01T01:00:00Z', 'SUSPEND_COMPLETE'],
        ['2026-11-01T02:00:00Z', 'CHECK_COMPLETE'],
      ]),
    ];
    const totals = totalsOf(
      labs.map((l) => toRow(l, now, undefined)),
      undefined,
    );
    const series = runningSeries(labs, now);
    expect(totals.running).toBe(1);
    expect(series.at(-1)!.running).toBe(totals.running);
    expect(series.every((p) => p.running <= 1)).toBe(true);
  });

  it('counts a lab at each hour it was up: not before it was made, not while suspended, again once resumed', () => {
    const now = Date.parse('2026-11-02T12:30:00Z');
    const labs = [
      lab('resumed', [
        ['2026-11-02T05:10:00Z', 'CREATE_IN_PROGRESS'],
        ['2026-11-02T05:11:00Z', 'CREATE_COMPLETE'],
        ['2026-11-02T07:00:00Z', 'SUSPEND_COMPLETE'],
        ['2026-11-02T09:59:00Z', 'RESUME_IN_PROGRESS'],
        ['2026-11-02T10:00:00Z', 'RESUME_COMPLETE'],
      ]),
      lab('since-yesterday', [['2026-11-01T00:05:00Z', 'CREATE_COMPLETE']]),
    ];
    const series = runningSeries(labs, now);
    expect(series).toHaveLength(7 * 24 + 1);
    const runningAt = (iso: string) => series.find((p) => p.at === new Date(iso).toISOString())?.running;
    expect(runningAt('2026-11-01T00:00:00Z')).toBe(0);
    expect(runningAt('2026-11-01T01:00:00Z')).toBe(1);
    expect(runningAt('2026-11-02T05:00:00Z')).toBe(1);
    expect(runningAt('2026-11-02T06:00:00Z')).toBe(2);
    expect(runningAt('2026-11-02T07:00:00Z')).toBe(1);
    expect(runningAt('2026-11-02T09:00:00Z')).toBe(1);
    expect(runningAt('2026-11-02T10:00:00Z')).toBe(2);
    expect(runningAt('2026-11-02T12:00:00Z')).toBe(2);
    expect(series[0]!.at).toBe('2026-10-26T13:00:00.000Z');
  });
});
