/**
 * The learner's activity on a lab, as intervals the learner's app writes on the lab host
 * (`~/.lab-console/activity`, one `START END` line per interval, Unix seconds) and the instructor's
 * app reads back over SSH. Lines may overlap or repeat (an interval still open is written again with
 * a later end): the reader keeps their union, so appending is always safe. The file is the
 * learner's, like the solve markers: it says what the learner's app saw, it is no proof.
 */
export interface ActivityInterval {
  /** Unix seconds. */
  readonly start: number;
  /** Unix seconds, after start. */
  readonly end: number;
}

/** The file, relative to the lab user's home. */
export const ACTIVITY_FILE = '.lab-console/activity';

/** Lines kept on the host (the writer trims to these, the reader reads no more): months of a class's use. */
export const ACTIVITY_MAX_LINES = 4000;

/** An interval longer than this is not one the learner's app writes (it closes intervals after minutes). */
const LONGEST_INTERVAL_SECONDS = 7 * 24 * 3600;

export function activityLine(interval: ActivityInterval): string {
  return `${Math.floor(interval.start)} ${Math.ceil(interval.end)}`;
}

/**
 * The intervals of the file's text, merged: lines that are not two whole seconds in order, or that
 * claim an interval longer than a week, are skipped (the file lives on a host the learner owns).
 */
export function parseActivity(text: string): ActivityInterval[] {
  const found: ActivityInterval[] = [];
  for (const line of text.split('\n').slice(-ACTIVITY_MAX_LINES)) {
    const m = /^\s*(\d{9,11}) (\d{9,11})\s*$/.exec(line);
    if (!m) continue;
    const start = Number(m[1]);
    const end = Number(m[2]);
    if (end < start || end - start > LONGEST_INTERVAL_SECONDS) continue;
    found.push({ start, end });
  }
  return mergeActivity(found);
}

/** The union of intervals, sorted, touching ones joined. */
export function mergeActivity(intervals: readonly ActivityInterval[]): ActivityInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const i of sorted) {
    const last = merged.at(-1);
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else merged.push({ start: i.start, end: i.end });
  }
  return merged;
}

/** Seconds of activity between `from` and `to` (ms since the epoch). */
export function activeSecondsIn(intervals: readonly ActivityInterval[], from: number, to: number): number {
  const lo = from / 1000;
  const hi = to / 1000;
  let seconds = 0;
  for (const i of mergeActivity(intervals)) seconds += Math.max(0, Math.min(i.end, hi) - Math.max(i.start, lo));
  return seconds;
}

/**
 * Billed running time per active time (the waste): 1 when the lab ran only while the learner
 * worked. Null when it cannot be said: activity unknown, or none while the lab ran.
 */
export function wasteRatio(runningSeconds: number, activeSeconds: number | null): number | null {
  if (activeSeconds === null || activeSeconds <= 0) return null;
  return runningSeconds / activeSeconds;
}
