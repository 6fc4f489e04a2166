import type { AssistRecord } from '../../shared/cohort/assist';
import type { Db } from '../store/database';
import type { Clock } from '../time/clock';

export type AssistStart = Omit<AssistRecord, 'id' | 'startedAt' | 'endedAt'>;

interface AssistRow {
  id: number;
  by_user: string;
  course_id: string;
  stack_id: string;
  stack_name: string;
  project_id: string;
  project_name: string;
  learner: string;
  started_at: number;
  ended_at: number | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The instructor's log of assists, in their data folder (table `assists`, migration 13). */
export class AssistLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Logs an assist starting now; the id ends it. */
  start(assist: AssistStart): number {
    const result = this.db
      .prepare(
        `INSERT INTO assists (by_user, course_id, stack_id, stack_name, project_id, project_name, learner, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        assist.by,
        assist.courseId,
        assist.stackId,
        assist.stackName,
        assist.projectId,
        assist.projectName,
        assist.learner,
        this.clock.now(),
      );
    return Number(result.lastInsertRowid);
  }

  end(id: number): void {
    this.db.prepare('UPDATE assists SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(this.clock.now(), id);
  }

  /** A lab's assists, newest first. */
  ofLab(courseId: string, stackId: string): AssistRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM assists WHERE course_id = ? AND stack_id = ? ORDER BY started_at DESC, id DESC LIMIT 200')
      .all(courseId, stackId) as AssistRow[];
    return rows.map((r) => ({
      id: r.id,
      by: r.by_user,
      courseId: r.course_id,
      stackId: r.stack_id,
      stackName: r.stack_name,
      projectId: r.project_id,
      projectName: r.project_name,
      learner: r.learner,
      startedAt: iso(r.started_at),
      endedAt: r.ended_at === null ? null : iso(r.ended_at),
    }));
  }
}
