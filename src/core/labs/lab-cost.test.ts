import { describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../shared/course/course-manifest';
import { priceOfLab } from '../../shared/labs/lab-rates';
import type { StackEvent } from '../../shared/openstack/stack';
import { labCostOf, ratesFor } from './lab-cost';
import { timelineOf } from './lab-timeline';

const ev = (time: string, status: string): StackEvent => ({
  id: `${time}-${status}`,
  time,
  resourceName: 'lab',
  status,
  statusReason: '',
  isStackEvent: true,
});

// Created on the last day of October, running into November, suspended, resumed, suspended again.
const timeline = timelineOf(
  [
    ev('2026-10-31T23:00:00Z', 'CREATE_IN_PROGRESS'),
    ev('2026-10-31T23:00:10Z', 'CREATE_COMPLETE'),
    ev('2026-11-01T01:00:00Z', 'SUSPEND_IN_PROGRESS'),
    ev('2026-11-01T01:00:30Z', 'SUSPEND_COMPLETE'),
    ev('2026-11-02T00:00:00Z', 'RESUME_IN_PROGRESS'),
    ev('2026-11-02T00:00:20Z', 'RESUME_COMPLETE'),
    ev('2026-11-02T02:00:00Z', 'SUSPEND_IN_PROGRESS'),
    ev('2026-11-02T02:00:10Z', 'SUSPEND_COMPLETE'),
  ],
  '2026-10-31T23:00:00Z',
);
const rates = { runningPerHour: 0.4, suspendedPerHour: 0.01, currency: 'EUR' };
const rate = priceOfLab(rates, 'cloud', []);

describe('a lab cost from its Heat events', () => {
  it('bills running time (in-progress included) and suspended time of the month only, at their own rates', () => {
    const now = Date.parse('2026-11-03T02:00:10Z');
    const cost = labCostOf(timeline, rate, now);
    // November: 01:00:30 running until the suspend completed, then 2 h 00 min 10 s running after the resume.
    expect(cost.month).toBe('2026-11');
    expect(cost.runningSeconds).toBe(3630 + 7210);
    // Suspended: 01:00:30 → 02 00:00:00, and 02:00:10 on the 2nd → now (24 h).
    expect(cost.suspendedSeconds).toBe(82_770 + 86_400);
    const exact = ((3630 + 7210) / 3600) * 0.4 + ((82_770 + 86_400) / 3600) * 0.01;
    expect(cost.cost).toBe(Math.round(exact * 100) / 100);
    expect(cost.perHourNow).toBe(0.01);
    expect(cost.at).toBe('2026-11-03T02:00:10.000Z');
  });

  it('counts a past month up to its end, not up to now', () => {
    const cost = labCostOf(timeline, rate, Date.parse('2026-12-15T00:00:00Z'), '2026-10');
    expect(cost).toMatchObject({ month: '2026-10', runningSeconds: 3600, suspendedSeconds: 0, cost: 0.4 });
  });

  it('costs nothing per hour once the stack is deleted', () => {
    const deleted = timelineOf([ev('2026-11-01T00:00:00Z', 'CREATE_COMPLETE'), ev('2026-11-01T01:00:00Z', 'DELETE_COMPLETE')], '');
    const cost = labCostOf(deleted, rate, Date.parse('2026-11-02T00:00:00Z'));
    expect(cost).toMatchObject({ runningSeconds: 3600, suspendedSeconds: 0, perHourNow: 0, cost: 0.4 });
  });

  it('refuses a month that is not YYYY-MM', () => {
    expect(() => labCostOf(timeline, rate, Date.now(), '2026-13')).toThrow(/not a month/);
  });
});

describe('which rates price a lab', () => {
  const manifest = (providers: unknown[]) => ({ lab: { providers } }) as unknown as CourseManifest;
  const course = { runningPerHour: 1, suspendedPerHour: 0.1, currency: 'USD' };

  it('takes the course rates for that cloud first, then the cloud rates', () => {
    expect(ratesFor(manifest([{ cloud: 'east', rates: course }]), 'east', rates)).toEqual({ rates: course, source: 'course' });
    expect(ratesFor(manifest([{ cloud: 'east', rates: course }]), 'west', rates)).toEqual({ rates, source: 'cloud' });
    expect(ratesFor(manifest([{ cloud: 'east' }]), 'east', rates)).toEqual({ rates, source: 'cloud' });
    expect(ratesFor(undefined, 'east', undefined)).toBeUndefined();
  });
});
