import type { Statement } from 'better-sqlite3';
import { mergeActivity, type ActivityInterval } from '../../shared/labs/lab-activity';
import type { Db } from '../store/database';

/** What the instructor's app last read of a lab's activity file, and when. */
export interface KnownActivity {
  readonly intervals: ActivityInterval[];
  /** ms since the epoch. */
  readonly readAt: number;
}

/**
 * The last activity read from each lab, so that a suspended lab (whose host cannot be reached)
 * still shows its last known figure, and a running one is not read again at every listing.
 */
export interface LabActivityCache {
  get(stackId: string): KnownActivity | undefined;
  put(stackId: string, known: KnownActivity): void;
}

export class MemoryLabActivityCache implements LabActivityCache {
  private readonly entries = new Map<string, KnownActivity>();
  get(stackId: string): KnownActivity | undefined {
    return this.entries.get(stackId);
  }
  put(stackId: string, known: KnownActivity): void {
    this.entries.set(stackId, known);
  }
}

/** Entries not read again for this long belong to labs long gone: dropped on first use. */
const FORGET_AFTER_MS = 90 * 24 * 3600_000;

const asIntervals = (value: unknown): ActivityInterval[] | undefined =>
  Array.isArray(value) && value.every((v) => Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number'))
    ? mergeActivity((value as [number, number][]).map(([start, end]) => ({ start, end })))
    : undefined;

/** The cache in the instructor's database (table `cohort_lab_activity`, migration 13). */
export class SqliteLabActivityCache implements LabActivityCache {
  private statements:
    { get: Statement<[string], { intervals: string; read_at: number }>; put: Statement<[string, string, number]> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  get(stackId: string): KnownActivity | undefined {
    try {
      const row = this.ready().get.get(stackId);
      const intervals = row ? asIntervals(JSON.parse(row.intervals)) : undefined;
      return row && intervals ? { intervals, readAt: row.read_at } : undefined;
    } catch {
      return undefined; // unreadable: the lab is read again when it runs, "—" until then
    }
  }

  put(stackId: string, known: KnownActivity): void {
    try {
      this.ready().put.run(stackId, JSON.stringify(known.intervals.map((i) => [i.start, i.end])), known.readAt);
    } catch {
      // Not kept this time (the database busy): the next listing reads the lab again.
    }
  }

  private ready(): NonNullable<SqliteLabActivityCache['statements']> {
    if (this.statements) return this.statements;
    this.db.prepare('DELETE FROM cohort_lab_activity WHERE read_at < ?').run(this.now() - FORGET_AFTER_MS);
    this.statements = {
      get: this.db.prepare<[string], { intervals: string; read_at: number }>(
        'SELECT intervals, read_at FROM cohort_lab_activity WHERE stack_id = ?',
      ),
      put: this.db.prepare<[string, string, number]>(
        'INSERT INTO cohort_lab_activity (stack_id, intervals, read_at) VALUES (?, ?, ?) ON CONFLICT (stack_id) DO UPDATE SET intervals = excluded.intervals, read_at = excluded.read_at',
      ),
    };
    return this.statements;
  }
}
