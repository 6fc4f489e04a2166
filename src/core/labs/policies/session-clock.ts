import type { LabClock } from '../../../shared/labs';
import type { Timeouts } from '../../../shared/course/course-manifest';
import type { Db } from '../../store/database';
import type { LabRecord, LedgerEntry } from '../lab-store';
import { sessionStart } from './max-session';

/** The extensions of max_session a learner took (table `lab_extensions`, migration 12). */
export class LabExtensions {
  constructor(private readonly db: Db) {}

  record(courseId: string, userId: string, seconds: number, at: number): void {
    this.db.prepare('INSERT INTO lab_extensions (course_id, user_id, seconds, at) VALUES (?, ?, ?, ?)').run(courseId, userId, seconds, at);
  }

  /** Those taken since `from` (the session's start): a new session starts with none. */
  since(courseId: string, userId: string, from: number): { count: number; seconds: number } {
    const row = this.db
      .prepare(
        'SELECT COUNT(*) AS count, COALESCE(SUM(seconds), 0) AS seconds FROM lab_extensions WHERE course_id = ? AND user_id = ? AND at >= ?',
      )
      .get(courseId, userId, from) as { count: number; seconds: number };
    return row;
  }
}

/**
 * The session a running lab is in, under the course's max_session: when it started (from the
 * ledger), the extensions taken since, and so when it ends. Null without a max_session or while
 * the lab is not running.
 */
export function sessionWindow(
  lab: LabRecord,
  timeouts: Timeouts,
  ledger: readonly LedgerEntry[],
  extensions: LabExtensions,
): NonNullable<LabClock['session']> | null {
  if (!timeouts.max_session) return null;
  const startedAt = sessionStart(ledger);
  if (startedAt === null) return null;
  const taken = extensions.since(lab.courseId, lab.userId, startedAt);
  return {
    startedAt,
    endsAt: startedAt + (timeouts.max_session + taken.seconds) * 1000,
    maxSessionSeconds: timeouts.max_session,
    extensionsUsed: taken.count,
    maxExtensions: timeouts.max_extensions,
    extensionSeconds: timeouts.extension,
  };
}

/** The idle part of the clock: the deadline activity pushes (null while the lab is not up). */
export function idleWindow(lab: LabRecord, timeouts: Timeouts): LabClock['idle'] {
  if (lab.group !== 'up' || lab.suspendBy === null) return null;
  return { suspendBy: lab.suspendBy, timeoutSeconds: timeouts.suspend_timeout, lastActivityAt: lab.lastActivityAt };
}
