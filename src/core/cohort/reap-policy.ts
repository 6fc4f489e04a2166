import type { ReapDecision } from '../../shared/cohort/cohort-lab';
import { learnerOf, type FoundLab } from './cohort-scan';
import { groupOf } from './cohort-rows';
import { lastReached, parseHeatTime } from '../labs/lab-timeline';

/** Seconds; null turns a rule off. From the course's lab.timeouts unless overridden. */
export interface ReapPolicy {
  readonly maxSessionSeconds: number | null;
  readonly deleteAgeSeconds: number | null;
  readonly failedGraceSeconds: number | null;
}

/** Default grace before a lab stuck in a FAILED state is cleaned up. */
export const DEFAULT_FAILED_GRACE_SECONDS = 3_600;

/** Failed states whose cleanup is a suspend: a failed resume must never cost the learner their work. */
const KEEP_WORK_FAILURES = new Set(['RESUME_FAILED', 'SUSPEND_FAILED']);

/** A length of time for a reason line: "45 s", "12 min", "3.0 h", "1.5 d". */
function span(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 86_400) return `${(s / 86_400).toFixed(1)} d`;
  if (s >= 3_600) return `${(s / 3_600).toFixed(1)} h`;
  if (s >= 60) return `${Math.round(s / 60)} min`;
  return `${s} s`;
}

/** How long ago `since` was, at `now` (both ms since the epoch). */
const age = (now: number, since: number): string => span((now - since) / 1000);

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * What the reaper does to one lab, from what the cloud knows (its state and stack events), and why.
 * The reference times follow hastexo's dead-man's switch, read from Heat: a session starts at the
 * last CREATE/RESUME_COMPLETE, a suspension at the last SUSPEND_COMPLETE.
 */
export function decide(lab: FoundLab, policy: ReapPolicy, now: number): Omit<ReapDecision, 'outcome' | 'detail'> {
  const status = lab.summary.status;
  const base = { stackId: lab.summary.id, stackName: lab.summary.name, learner: learnerOf(lab), state: status };
  const keep = (reason: string) => ({ ...base, action: 'keep' as const, reason });
  if (!lab.timeline) return keep('its events could not be read; nothing is decided without them');
  const t = lab.timeline;
  const updated = parseHeatTime(lab.summary.updatedAt ?? lab.summary.createdAt);
  if (status.endsWith('_IN_PROGRESS')) return keep(`${status}: Heat is working on it`);

  const group = groupOf(lab);
  if (group === 'up') {
    if (policy.maxSessionSeconds === null) return keep('up; the course sets no maximum session');
    const since = lastReached(t, ['CREATE_COMPLETE', 'RESUME_COMPLETE']) ?? parseHeatTime(lab.summary.createdAt);
    const over = now - since > policy.maxSessionSeconds * 1000;
    return over
      ? {
          ...base,
          action: 'suspend',
          reason: `up for ${age(now, since)} since ${iso(since)}, longer than the maximum session of ${span(policy.maxSessionSeconds)}`,
        }
      : keep(`up for ${age(now, since)}, within the maximum session of ${span(policy.maxSessionSeconds)}`);
  }
  if (status === 'SUSPEND_COMPLETE' || (group === 'down' && status === 'CHECK_COMPLETE')) {
    if (policy.deleteAgeSeconds === null) return keep('suspended; the course sets no delete age');
    const since = lastReached(t, ['SUSPEND_COMPLETE']) ?? updated;
    const over = now - since > policy.deleteAgeSeconds * 1000;
    return over
      ? {
          ...base,
          action: 'delete',
          reason: `suspended for ${age(now, since)} since ${iso(since)}, longer than delete_age ${span(policy.deleteAgeSeconds)}`,
        }
      : keep(`suspended for ${age(now, since)}, within delete_age ${span(policy.deleteAgeSeconds)}`);
  }
  if (group === 'failed') {
    if (policy.failedGraceSeconds === null) return keep(`${status}; failed labs are left alone (no grace period set)`);
    const since = lastReached(t, [status]) ?? updated;
    if (now - since <= policy.failedGraceSeconds * 1000)
      return keep(`${status} for ${age(now, since)}, within the grace period of ${span(policy.failedGraceSeconds)}`);
    const why = `${status} for ${age(now, since)} since ${iso(since)}, past the grace period of ${span(policy.failedGraceSeconds)}`;
    return KEEP_WORK_FAILURES.has(status)
      ? { ...base, action: 'suspend', reason: `${why}; suspended, not deleted, to keep the learner's work` }
      : { ...base, action: 'delete', reason: `${why} (Heat: ${lab.summary.statusReason || 'no reason given'})` };
  }
  return keep(`${status}: nothing to do`);
}
