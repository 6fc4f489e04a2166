import { CheckOutcomeSchema, type CheckReport } from '../../../shared/ssh';
import type { CheckRun } from '../../../shared/labs/check-calls';
import type { Db } from '../../store/database';

interface CheckRunRow {
  id: number;
  course_id: string;
  user_id: string;
  step_id: string;
  passed: number;
  total: number;
  outcomes: string;
  source: string;
  at: number;
}

function toRun(row: CheckRunRow): CheckRun {
  const outcomes = CheckOutcomeSchema.array().safeParse(JSON.parse(row.outcomes));
  return {
    id: row.id,
    courseId: row.course_id,
    userId: row.user_id,
    stepId: row.step_id,
    passed: row.passed,
    total: row.total,
    score: row.total === 0 ? 1 : row.passed / row.total,
    // A row written by a later version with fields we do not know keeps its score; its details are dropped.
    outcomes: outcomes.success ? outcomes.data : [],
    source: row.source === 'cli' ? 'cli' : 'app',
    at: row.at,
  };
}

/** The runs of progress checks (table `check_runs`, migration 6), written by the app and the CLI alike. */
export class CheckHistory {
  constructor(private readonly db: Db) {}

  record(run: { courseId: string; userId: string; stepId: string; report: CheckReport; source: CheckRun['source']; at: number }): CheckRun {
    const info = this.db
      .prepare('INSERT INTO check_runs (course_id, user_id, step_id, passed, total, outcomes, source, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        run.courseId,
        run.userId,
        run.stepId,
        run.report.passed,
        run.report.total,
        JSON.stringify(run.report.outcomes),
        run.source,
        run.at,
      );
    return this.get(Number(info.lastInsertRowid))!;
  }

  get(id: number): CheckRun | undefined {
    const row = this.db.prepare('SELECT * FROM check_runs WHERE id = ?').get(id) as CheckRunRow | undefined;
    return row && toRun(row);
  }

  /** Newest first; of one step, or of the whole course. */
  list(courseId: string, options: { stepId?: string; limit?: number } = {}): CheckRun[] {
    const limit = options.limit ?? 20;
    const rows = (
      options.stepId
        ? this.db
            .prepare('SELECT * FROM check_runs WHERE course_id = ? AND step_id = ? ORDER BY id DESC LIMIT ?')
            .all(courseId, options.stepId, limit)
        : this.db.prepare('SELECT * FROM check_runs WHERE course_id = ? ORDER BY id DESC LIMIT ?').all(courseId, limit)
    ) as CheckRunRow[];
    return rows.map(toRun);
  }
}
