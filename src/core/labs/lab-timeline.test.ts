import { describe, expect, it } from 'vitest';
import type { StackEvent } from '../../shared/openstack/stack';
import { lastReached, runningAt, startOfMonth, startOfWeek, timeInWindow, timelineOf } from './lab-timeline';

const ev = (time: string, status: string, isStackEvent = true): StackEvent => ({
  id: `${time}-${status}`,
  time,
  resourceName: isStackEvent ? 'lab' : 'host',
  status,
  statusReason: '',
  isStackEvent,
});

const events = [
  ev('2026-11-23T10:00:00Z', 'CREATE_IN_PROGRESS'),
  ev('2026-11-23T10:00:05Z', 'CREATE_IN_PROGRESS', false),
  ev('2026-11-23T10:01:00Z', 'CREATE_COMPLETE'),
  ev('2026-11-23T12:01:00Z', 'SUSPEND_IN_PROGRESS'),
  ev('2026-11-23T12:02:00Z', 'SUSPEND_COMPLETE'),
  ev('2026-11-24T09:00:00Z', 'RESUME_IN_PROGRESS'),
  ev('2026-11-24T09:00:30Z', 'RESUME_COMPLETE'),
];

describe('lab timeline from Heat events', () => {
  const timeline = timelineOf(events, '2026-11-23T10:00:00Z');

  it('keeps only stack-level events as state changes, oldest first', () => {
    expect(timeline.changes.map((c) => c.status)).toEqual([
      'CREATE_IN_PROGRESS',
      'CREATE_COMPLETE',
      'SUSPEND_IN_PROGRESS',
      'SUSPEND_COMPLETE',
      'RESUME_IN_PROGRESS',
      'RESUME_COMPLETE',
    ]);
    expect(timeline.lastEventAt).toBe(Date.parse('2026-11-24T09:00:30Z'));
  });

  it('finds the last CREATE/RESUME_COMPLETE as the start of the session', () => {
    expect(lastReached(timeline, ['CREATE_COMPLETE', 'RESUME_COMPLETE'])).toBe(Date.parse('2026-11-24T09:00:30Z'));
    expect(lastReached(timeline, ['SUSPEND_COMPLETE'])).toBe(Date.parse('2026-11-23T12:02:00Z'));
  });

  it('counts running time until the suspend completes and again after the resume', () => {
    const to = Date.parse('2026-11-24T10:00:00Z');
    const { runningMs, suspendedMs } = timeInWindow(timeline, Date.parse('2026-11-23T00:00:00Z'), to);
    expect(runningMs).toBe((2 * 60 + 2) * 60_000 + 60 * 60_000);
    expect(suspendedMs).toBe(Date.parse('2026-11-24T09:00:00Z') - Date.parse('2026-11-23T12:02:00Z'));
    expect(runningAt(timeline, Date.parse('2026-11-23T15:00:00Z'))).toBe(false);
    expect(runningAt(timeline, Date.parse('2026-11-23T11:00:00Z'))).toBe(true);
    expect(runningAt(timeline, Date.parse('2026-11-22T11:00:00Z'))).toBe(false);
  });

  it('starts weeks on Monday and months on the 1st, in UTC', () => {
    expect(new Date(startOfWeek(Date.parse('2026-11-25T14:00:00Z'))).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(new Date(startOfWeek(Date.parse('2026-11-23T00:00:00Z'))).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(new Date(startOfMonth(Date.parse('2026-11-25T14:00:00Z'))).toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });
});
