import type { LedgerEntry } from './lab-store';

export interface RunningInterval {
  readonly courseId: string;
  readonly start: number;
  readonly end: number;
}

/** The intervals in which each lab ran (was billed), from its ledger; an open one ends `now`. */
export function runningIntervals(entries: readonly LedgerEntry[], now: number): RunningInterval[] {
  const open = new Map<string, { courseId: string; start: number }>();
  const intervals: RunningInterval[] = [];
  for (const entry of entries) {
    const key = `${entry.courseId}\u0000${entry.userId}`;
    const current = open.get(key);
    if (entry.running && !current) open.set(key, { courseId: entry.courseId, start: entry.at });
    if (!entry.running && current) {
      intervals.push({ courseId: current.courseId, start: current.start, end: entry.at });
      open.delete(key);
    }
  }
  for (const current of open.values())
    intervals.push({ courseId: current.courseId, start: current.start, end: Math.max(now, current.start) });
  return intervals;
}

export function runningHours(entries: readonly LedgerEntry[], now: number): number {
  return runningIntervals(entries, now).reduce((sum, i) => sum + (i.end - i.start), 0) / 3_600_000;
}

/** Cost of running hours at a cloud's rates (suspended time is billed at its own, lower rate). */
export function labCost(
  runningHoursValue: number,
  suspendedHours: number,
  rates: { runningPerHour: number; suspendedPerHour: number },
): number {
  return runningHoursValue * rates.runningPerHour + suspendedHours * rates.suspendedPerHour;
}
