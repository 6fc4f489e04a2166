import type { LabStatus } from '../../shared/labs';
import type { Db } from '../store/database';
import { labGroup } from './lab-states';

interface LabRow {
  course_id: string;
  user_id: string;
  stack_name: string;
  stack_id: string | null;
  provider: string | null;
  creating_on: string | null;
  course_version: string | null;
  state: string;
  ready: number;
  error: string | null;
  outputs: string;
  launch_deadline: number | null;
  suspend_by: number | null;
  delete_by: number | null;
  last_activity_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A lab record as the engine works with it. */
export interface LabRecord extends LabStatus {
  readonly courseVersion: string | null;
  /** launch_timeout counts from the first attempt of a launch, across retries and restarts. */
  readonly launchDeadline: number | null;
  readonly lastActivityAt: number | null;
  /**
   * The cloud a create request was (or was about to be) sent to, until its outcome is known: Heat
   * may hold a stack this record has no id for yet, so the lab must not try another cloud.
   */
  readonly creatingOn: string | null;
}

export type LabPatch = Partial<
  Pick<
    LabRecord,
    | 'stackId'
    | 'provider'
    | 'courseVersion'
    | 'state'
    | 'ready'
    | 'error'
    | 'outputs'
    | 'launchDeadline'
    | 'suspendBy'
    | 'deleteBy'
    | 'lastActivityAt'
    | 'creatingOn'
  >
>;

/** Whether the cloud bills a lab as running from a change on (a stack that exists and is not suspended). */
export type LabBilling = 'running' | 'not-running';

export interface LedgerEntry {
  readonly courseId: string;
  readonly userId: string;
  readonly stackName: string;
  readonly provider: string | null;
  readonly state: string;
  readonly running: boolean;
  readonly detail: string | null;
  readonly at: number;
}

function toRecord(row: LabRow): LabRecord {
  return {
    courseId: row.course_id,
    userId: row.user_id,
    stackName: row.stack_name,
    stackId: row.stack_id,
    provider: row.provider,
    courseVersion: row.course_version,
    state: row.state,
    group: labGroup(row.state),
    ready: row.ready === 1,
    error: row.error,
    outputs: JSON.parse(row.outputs) as Record<string, unknown>,
    launchDeadline: row.launch_deadline,
    suspendBy: row.suspend_by,
    deleteBy: row.delete_by,
    lastActivityAt: row.last_activity_at,
    creatingOn: row.creating_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const COLUMNS: Record<keyof LabPatch, string> = {
  stackId: 'stack_id',
  provider: 'provider',
  courseVersion: 'course_version',
  state: 'state',
  ready: 'ready',
  error: 'error',
  outputs: 'outputs',
  launchDeadline: 'launch_deadline',
  suspendBy: 'suspend_by',
  deleteBy: 'delete_by',
  lastActivityAt: 'last_activity_at',
  creatingOn: 'creating_on',
};

/** Lab records and their ledger, in the app's SQLite store. */
export class LabStore {
  constructor(readonly db: Db) {}

  get(courseId: string, userId: string): LabRecord | undefined {
    const row = this.db.prepare(`SELECT * FROM labs WHERE course_id = ? AND user_id = ?`).get(courseId, userId) as LabRow | undefined;
    return row && toRecord(row);
  }

  /** The lab of a course most recently touched (one learner per app in practice). */
  latestForCourse(courseId: string): LabRecord | undefined {
    const row = this.db.prepare(`SELECT * FROM labs WHERE course_id = ? ORDER BY updated_at DESC LIMIT 1`).get(courseId) as
      LabRow | undefined;
    return row && toRecord(row);
  }

  list(): LabRecord[] {
    return (this.db.prepare(`SELECT * FROM labs ORDER BY updated_at DESC`).all() as LabRow[]).map(toRecord);
  }

  /** Creates the record if needed; the ledger gets the first state. */
  ensure(lab: { courseId: string; userId: string; stackName: string; provider: string | null; state: string }, now: number): LabRecord {
    this.db
      .prepare(
        `INSERT INTO labs (course_id, user_id, stack_name, provider, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (course_id, user_id) DO NOTHING`,
      )
      .run(lab.courseId, lab.userId, lab.stackName, lab.provider, lab.state, now, now);
    return this.get(lab.courseId, lab.userId)!;
  }

  /**
   * Applies a change; a change of state is appended to the ledger in the same transaction, with
   * whether the lab runs (is billed) from now on.
   */
  update(courseId: string, userId: string, patch: LabPatch, now: number, ledger?: { running: boolean; detail?: string }): LabRecord {
    const tx = this.db.transaction(() => {
      const before = this.get(courseId, userId);
      if (!before) throw new Error(`There is no lab record for course ${courseId} and user ${userId}.`);
      const sets: string[] = ['updated_at = @updated_at'];
      const values: Record<string, unknown> = { updated_at: now, course_id: courseId, user_id: userId };
      for (const [key, value] of Object.entries(patch) as [keyof LabPatch, unknown][]) {
        if (value === undefined) continue;
        const column = COLUMNS[key];
        sets.push(`${column} = @${column}`);
        values[column] = key === 'outputs' ? JSON.stringify(value) : key === 'ready' ? (value ? 1 : 0) : value;
      }
      this.db.prepare(`UPDATE labs SET ${sets.join(', ')} WHERE course_id = @course_id AND user_id = @user_id`).run(values);
      const after = this.get(courseId, userId)!;
      if (ledger && (after.state !== before.state || this.lastRunning(courseId, userId) !== ledger.running)) {
        this.append({
          courseId,
          userId,
          stackName: after.stackName,
          provider: after.provider,
          state: after.state,
          running: ledger.running,
          detail: ledger.detail ?? null,
          at: now,
        });
      }
      return after;
    });
    return tx.immediate();
  }

  remove(courseId: string, userId: string): void {
    this.db.prepare(`DELETE FROM labs WHERE course_id = ? AND user_id = ?`).run(courseId, userId);
  }

  append(entry: LedgerEntry): void {
    this.db
      .prepare(
        `INSERT INTO lab_ledger (course_id, user_id, stack_name, provider, state, running, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(entry.courseId, entry.userId, entry.stackName, entry.provider, entry.state, entry.running ? 1 : 0, entry.detail, entry.at);
  }

  ledger(filter: { userId?: string; courseId?: string } = {}): LedgerEntry[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.userId) {
      where.push('user_id = ?');
      args.push(filter.userId);
    }
    if (filter.courseId) {
      where.push('course_id = ?');
      args.push(filter.courseId);
    }
    const rows = this.db
      .prepare(`SELECT * FROM lab_ledger ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at, id`)
      .all(...args) as Array<{
      course_id: string;
      user_id: string;
      stack_name: string;
      provider: string | null;
      state: string;
      running: number;
      detail: string | null;
      at: number;
    }>;
    return rows.map((r) => ({
      courseId: r.course_id,
      userId: r.user_id,
      stackName: r.stack_name,
      provider: r.provider,
      state: r.state,
      running: r.running === 1,
      detail: r.detail,
      at: r.at,
    }));
  }

  /** Labs of a provider whose stack exists (counts against the provider's capacity). */
  countOnProvider(provider: string): number {
    const row = this.db
      .prepare(`SELECT COUNT(*) AS n FROM labs WHERE provider = ? AND stack_id IS NOT NULL AND state <> 'DELETE_COMPLETE'`)
      .get(provider) as { n: number };
    return row.n;
  }

  private lastRunning(courseId: string, userId: string): boolean {
    const row = this.db
      .prepare(`SELECT running FROM lab_ledger WHERE course_id = ? AND user_id = ? ORDER BY at DESC, id DESC LIMIT 1`)
      .get(courseId, userId) as { running: number } | undefined;
    return row?.running === 1;
  }
}
