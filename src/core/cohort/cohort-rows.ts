import type { CohortLab, CohortTotals, RunningPoint } from '../../shared/cohort/cohort-lab';
import { monthBounds, monthOf, priceOfLab } from '../../shared/labs/lab-rates';
import { activeSecondsIn, wasteRatio, type ActivityInterval } from '../../shared/labs/lab-activity';
import { labCostOf, roundToCent, type FoundRates } from '../labs/lab-cost';
import { labGroup } from '../labs/lab-states';
import { learnerOf, type FoundLab } from './cohort-scan';
import { lastReached, startOfWeek, timeInWindow, type LabTimeline } from '../labs/lab-timeline';

const HOUR = 3_600_000;

/** The action before a CHECK_COMPLETE: a checked suspended stack is still suspended. */
function actionBeforeCheck(timeline: LabTimeline | undefined): string | undefined {
  if (!timeline) return undefined;
  for (let i = timeline.changes.length - 1; i >= 0; i--) {
    const status = timeline.changes[i]!.status;
    if (!status.startsWith('CHECK_')) return status.split('_')[0];
  }
  return undefined;
}

export function groupOf(lab: Pick<FoundLab, 'summary' | 'timeline'>): CohortLab['group'] {
  return labGroup(lab.summary.status, actionBeforeCheck(lab.timeline));
}

/** Active seconds in `month` up to `now`; null when the activity is not known. */
function activeInMonth(activity: readonly ActivityInterval[] | undefined, now: number, month: string): number | null {
  const bounds = monthBounds(month);
  if (!activity || !bounds) return null;
  return Math.round(activeSecondsIn(activity, bounds.from, Math.min(bounds.to, now)));
}

/**
 * One lab's row; `month` ("YYYY-MM", default the month of `now`) is the month its hours and cost
 * count; `activity` the learner's intervals when known (cohort-activity.ts).
 */
export function toRow(
  lab: FoundLab,
  now: number,
  rates: FoundRates | undefined,
  month?: string,
  activity?: readonly ActivityInterval[],
): CohortLab {
  const t = lab.timeline;
  const since = t ? lastReached(t, [lab.summary.status]) : undefined;
  const week = t ? timeInWindow(t, startOfWeek(now), now) : undefined;
  const rate = lab.rate ?? (rates ? priceOfLab(rates.rates, rates.source, []) : null);
  const inMonth = t ? labCostOf(t, rate, now, month) : undefined;
  const runningSecondsMonth = inMonth ? Math.round(inMonth.runningSeconds) : 0;
  const activeSecondsMonth = activeInMonth(activity, now, month ?? monthOf(now));
  return {
    stackId: lab.summary.id,
    stackName: lab.summary.name,
    projectId: lab.project.id,
    projectName: lab.project.name,
    userId: lab.identity.userId,
    learner: learnerOf(lab),
    courseId: lab.identity.courseId,
    courseVersion: lab.identity.courseVersion ?? null,
    state: lab.summary.status,
    group: groupOf(lab),
    statusReason: lab.summary.statusReason,
    since: since !== undefined ? new Date(since).toISOString() : null,
    createdAt: lab.summary.createdAt,
    uptimeWeekSeconds: week ? Math.round(week.runningMs / 1000) : 0,
    lastActivity: t?.lastEventAt !== undefined ? new Date(t.lastEventAt).toISOString() : null,
    costMonth: inMonth?.cost ?? null,
    runningSecondsMonth,
    suspendedSecondsMonth: inMonth ? Math.round(inMonth.suspendedSeconds) : 0,
    activeSecondsMonth,
    wasteRatio: wasteRatio(runningSecondsMonth, activeSecondsMonth),
    perHourNow: inMonth?.perHourNow ?? null,
    flavors: rate?.flavors ?? [],
    score: null,
  };
}

export function totalsOf(rows: readonly CohortLab[], rates: FoundRates | undefined): CohortTotals {
  const count = (group: CohortLab['group']) => rows.filter((r) => r.group === group).length;
  const costs = rows.map((r) => r.costMonth).filter((c): c is number => c !== null);
  return {
    labs: rows.length,
    running: count('up'),
    suspended: rows.filter((r) => r.state === 'SUSPEND_COMPLETE').length,
    failed: count('failed'),
    pending: count('pending'),
    costMonth: rates ? roundToCent(costs.reduce((a, b) => a + b, 0)) : null,
    currency: rates?.rates.currency ?? null,
    runningSecondsMonth: rows.reduce((sum, r) => sum + r.runningSecondsMonth, 0),
    suspendedSecondsMonth: rows.reduce((sum, r) => sum + r.suspendedSecondsMonth, 0),
    ...activityTotals(rows),
  };
}

/** The cohort's active time and waste over the labs whose activity is known (the others are not counted as idle). */
export function activityTotals(
  rows: readonly Pick<CohortLab, 'activeSecondsMonth' | 'runningSecondsMonth'>[],
): Pick<CohortTotals, 'activeSecondsMonth' | 'wasteRatio'> {
  const known = rows.filter((r) => r.activeSecondsMonth !== null);
  if (!known.length) return { activeSecondsMonth: null, wasteRatio: null };
  const active = known.reduce((sum, r) => sum + r.activeSecondsMonth!, 0);
  return {
    activeSecondsMonth: active,
    wasteRatio: wasteRatio(
      known.reduce((sum, r) => sum + r.runningSecondsMonth, 0),
      active,
    ),
  };
}

/**
 * Adds 1 to `counts[i]` for each hour `start + i h` at which the lab was up (the totals' "running":
 * not failed, not pending, not a checked suspended lab). The chart counts what the totals count,
 * not the billed time (failed stacks are billed too). One pass over the hours and the lab's changes
 * together: a cohort's chart is 168 hours of every lab.
 */
function addUpHours(timeline: LabTimeline, start: number, counts: number[]): void {
  const changes = timeline.changes;
  let next = 0;
  let action: string | undefined;
  let up = false;
  for (let i = 0; i < counts.length; i++) {
    const at = start + i * HOUR;
    if (next < changes.length && changes[next]!.at <= at) {
      let status = '';
      for (; next < changes.length && changes[next]!.at <= at; next++) {
        status = changes[next]!.status;
        if (!status.startsWith('CHECK_')) action = status.split('_')[0];
      }
      up = labGroup(status, action) === 'up';
    }
    if (up) counts[i]!++;
  }
}

/**
 * Running labs at each hour of the last 7 days (from every lab's events), for the chart; its last
 * point, now, counts the labs the totals count as running now (their state as listed).
 */
export function runningSeries(labs: readonly FoundLab[], now: number, hours = 7 * 24): RunningPoint[] {
  const start = Math.floor(now / HOUR) * HOUR - (hours - 1) * HOUR;
  const counts = new Array<number>(hours).fill(0);
  for (const lab of labs) if (lab.timeline) addUpHours(lab.timeline, start, counts);
  const points: RunningPoint[] = counts.map((running, i) => ({ at: new Date(start + i * HOUR).toISOString(), running }));
  points.push({ at: new Date(now).toISOString(), running: labs.filter((lab) => groupOf(lab) === 'up').length });
  return points;
}
