import type { CourseManifest, StepStatus } from '../../shared/course';
import type { Db } from '../store/database';

export interface CourseRecord {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly description: string;
  readonly authors: readonly string[];
  readonly stepCount: number;
  readonly manifest: CourseManifest;
  readonly importedAt: number;
}

interface CourseRow {
  id: string;
  version: string;
  title: string;
  description: string;
  authors: string;
  step_count: number;
  manifest: string;
  imported_at: number;
}

function toRecord(row: CourseRow): CourseRecord {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    description: row.description,
    authors: JSON.parse(row.authors) as string[],
    stepCount: row.step_count,
    // Written by upsert() from a validated manifest; this file is its only writer.
    manifest: JSON.parse(row.manifest) as CourseManifest,
    importedAt: row.imported_at,
  };
}

/** The library's rows in SQLite: which version of each course is in, and the learner's progress. */
export class CourseStore {
  constructor(private readonly db: Db) {}

  /**
   * Records a (new version of a) course. Progress is keyed by step id, so it survives for every
   * step the new version still has; progress on steps that are gone is dropped with them.
   */
  upsert(manifest: CourseManifest, importedAt: number): void {
    const stepIds = JSON.stringify(manifest.steps.map((s) => s.id));
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO courses (id, version, title, description, authors, step_count, manifest, imported_at)
           VALUES (@id, @version, @title, @description, @authors, @stepCount, @manifest, @importedAt)
           ON CONFLICT(id) DO UPDATE SET version = excluded.version, title = excluded.title,
             description = excluded.description, authors = excluded.authors, step_count = excluded.step_count,
             manifest = excluded.manifest, imported_at = excluded.imported_at`,
        )
        .run({
          id: manifest.id,
          version: manifest.version,
          title: manifest.title,
          description: manifest.description,
          authors: JSON.stringify(manifest.authors),
          stepCount: manifest.steps.length,
          manifest: JSON.stringify(manifest),
          importedAt,
        });
      this.db
        .prepare('DELETE FROM course_progress WHERE course_id = ? AND step_id NOT IN (SELECT value FROM json_each(?))')
        .run(manifest.id, stepIds);
      this.db
        .prepare('DELETE FROM course_position WHERE course_id = ? AND step_id NOT IN (SELECT value FROM json_each(?))')
        .run(manifest.id, stepIds);
    })();
  }

  get(id: string): CourseRecord | undefined {
    const row = this.db.prepare('SELECT * FROM courses WHERE id = ?').get(id) as CourseRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  list(): CourseRecord[] {
    const rows = this.db.prepare('SELECT * FROM courses ORDER BY title COLLATE NOCASE, id').all() as CourseRow[];
    return rows.map(toRecord);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM courses WHERE id = ?').run(id);
  }

  setProgress(courseId: string, stepId: string, status: StepStatus, at: number): void {
    if (status === 'not_started') {
      this.db.prepare('DELETE FROM course_progress WHERE course_id = ? AND step_id = ?').run(courseId, stepId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO course_progress (course_id, step_id, status, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(course_id, step_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
      )
      .run(courseId, stepId, status, at);
  }

  /** Marks a step visited unless it already has progress. */
  markVisited(courseId: string, stepId: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO course_progress (course_id, step_id, status, updated_at) VALUES (?, ?, 'visited', ?)
         ON CONFLICT(course_id, step_id) DO NOTHING`,
      )
      .run(courseId, stepId, at);
  }

  progress(courseId: string): Map<string, StepStatus> {
    const rows = this.db.prepare('SELECT step_id, status FROM course_progress WHERE course_id = ?').all(courseId) as {
      step_id: string;
      status: StepStatus;
    }[];
    return new Map(rows.map((r) => [r.step_id, r.status]));
  }

  /** Steps behind the learner per course: done by them, or solved by the course's script. */
  completedCounts(): Map<string, number> {
    const rows = this.db
      .prepare(`SELECT course_id, COUNT(*) AS n FROM course_progress WHERE status IN ('completed', 'solved') GROUP BY course_id`)
      .all() as { course_id: string; n: number }[];
    return new Map(rows.map((r) => [r.course_id, r.n]));
  }

  setPosition(courseId: string, stepId: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO course_position (course_id, step_id, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(course_id) DO UPDATE SET step_id = excluded.step_id, updated_at = excluded.updated_at`,
      )
      .run(courseId, stepId, at);
  }

  position(courseId: string): string | null {
    const row = this.db.prepare('SELECT step_id FROM course_position WHERE course_id = ?').get(courseId) as { step_id: string } | undefined;
    return row?.step_id ?? null;
  }

  positions(): Map<string, string> {
    const rows = this.db.prepare('SELECT course_id, step_id FROM course_position').all() as {
      course_id: string;
      step_id: string;
    }[];
    return new Map(rows.map((r) => [r.course_id, r.step_id]));
  }
}
