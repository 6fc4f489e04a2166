import type { LedgerEntry } from '../lab-store';
import { labGroup } from '../lab-states';

/**
 * When the lab's current session began, read from its ledger: the first time it reached an up state
 * (CREATE_COMPLETE, RESUME_COMPLETE, …) since it last stopped running — the moment the cohort reaper
 * reads from Heat's events. Taking the first one, not the last, means launching a lab that is already
 * up does not start a new session; a suspend (running ends) and a resume do. Activity never moves it.
 * Falls back to the start of the open running interval; null when the lab is not running.
 */
export function sessionStart(entries: readonly LedgerEntry[]): number | null {
  let runningSince: number | null = null;
  let upSince: number | null = null;
  for (const entry of entries) {
    if (!entry.running) {
      runningSince = null;
      upSince = null;
      continue;
    }
    runningSince ??= entry.at;
    if (upSince === null && labGroup(entry.state) === 'up') upSince = entry.at;
  }
  return upSince ?? runningSince;
}

/** "4 h", "1 h 30 min", "45 min", "20 s": how a learner reads a course's max_session. */
export function sessionLength(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const min = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const parts = [h ? `${h} h` : '', min ? `${min} min` : '', s && !h ? `${s} s` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 s';
}

/** HH:MM in the learner's local time. */
export function clockTime(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function maxSessionMessage(maxSessionSeconds: number, at: number): string {
  return `Your lab reaches its maximum session of ${sessionLength(maxSessionSeconds)} at ${clockTime(at)} and will be suspended; your work is kept.`;
}
