import type { StackEvent } from '../../shared/openstack/stack';

/**
 * What a lab's stack-level Heat events say about its past: when it entered its state, since when it
 * runs or is suspended, and how long it ran in a window. Heat keeps every event of a stack
 * (create, suspend, resume …), so the cloud alone can answer these without the learner's records.
 */
export interface LabTimeline {
  /** Times (ms) of the stack's state changes, oldest first. */
  readonly changes: readonly { readonly at: number; readonly status: string }[];
  readonly lastEventAt: number | undefined;
}

export function timelineOf(events: readonly StackEvent[], createdAt: string): LabTimeline {
  const changes = events
    .filter((e) => e.isStackEvent)
    .map((e) => ({ at: parseHeatTime(e.time), status: e.status }))
    .filter((c) => Number.isFinite(c.at))
    .sort((a, b) => a.at - b.at);
  const created = parseHeatTime(createdAt);
  if (!changes.length && Number.isFinite(created)) changes.push({ at: created, status: 'CREATE_IN_PROGRESS' });
  const lastEventAt = events.reduce<number | undefined>((max, e) => {
    const at = parseHeatTime(e.time);
    return Number.isFinite(at) && (max === undefined || at > max) ? at : max;
  }, undefined);
  return { changes, lastEventAt };
}

/** Heat writes "2026-11-25T14:01:02Z" (sometimes without a zone); read both as UTC. */
export function parseHeatTime(value: string): number {
  if (!value) return Number.NaN;
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
}

/** The last time the stack reached one of `statuses`. */
export function lastReached(timeline: LabTimeline, statuses: readonly string[]): number | undefined {
  for (let i = timeline.changes.length - 1; i >= 0; i--) {
    const change = timeline.changes[i]!;
    if (statuses.includes(change.status)) return change.at;
  }
  return undefined;
}

/** Billed as running unless suspended or deleted (a stack in progress still holds its servers). */
function runs(status: string): boolean {
  return !status.startsWith('SUSPEND_COMPLETE') && !status.startsWith('DELETE_COMPLETE');
}

/** Milliseconds running and suspended inside [from, to). */
export function timeInWindow(timeline: LabTimeline, from: number, to: number): { runningMs: number; suspendedMs: number } {
  let runningMs = 0;
  let suspendedMs = 0;
  const { changes } = timeline;
  for (let i = 0; i < changes.length; i++) {
    const start = Math.max(changes[i]!.at, from);
    const end = Math.min(i + 1 < changes.length ? changes[i + 1]!.at : to, to);
    if (end <= start) continue;
    const status = changes[i]!.status;
    if (status.startsWith('DELETE_COMPLETE')) continue;
    if (runs(status)) runningMs += end - start;
    else suspendedMs += end - start;
  }
  return { runningMs, suspendedMs };
}

/** The stack's status at `at` (undefined before it existed). */
export function statusAt(timeline: LabTimeline, at: number): string | undefined {
  let status: string | undefined;
  for (const change of timeline.changes) {
    if (change.at > at) break;
    status = change.status;
  }
  return status;
}

/** Was the lab running at `at`? */
export function runningAt(timeline: LabTimeline, at: number): boolean {
  const status = statusAt(timeline, at);
  return status !== undefined && runs(status);
}

/** Monday 00:00 UTC of the week of `now`. */
export function startOfWeek(now: number): number {
  const d = new Date(now);
  const day = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
}

/** The 1st of the month of `now`, 00:00 UTC. */
export function startOfMonth(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}
