import type { StackEvent, StackSummary } from '../../shared/openstack/stack';
import { StackEventSchema } from '../../shared/openstack/stack';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';

/**
 * A stack's stack-level events, kept between listings. Heat only ever appends events, and each
 * stack-level event is a state change. A stack never returns to CREATE_COMPLETE or CREATE_FAILED
 * once it has done anything else, so while it is still in one of them its events are the ones
 * already read: a cohort in class, with most labs up since they were made, is listed again without
 * a request per lab. Any other state can recur (suspend, resume, suspend again) and Heat's
 * `updated_time` does not move on suspend or resume (measured against the sandbox's Heat), so
 * those labs are read again each time.
 */
export interface StackEventCache {
  get(stackId: string, key: string): StackEvent[] | undefined;
  put(stackId: string, key: string, events: readonly StackEvent[]): void;
}

/** The states a stack is in only before its first other action. */
const FIRST_STATES = /^(CREATE|ADOPT)_(COMPLETE|FAILED)$/;

/** What must be unchanged for the stored events to still be all of them; undefined: do not keep. */
export function eventCacheKey(summary: Pick<StackSummary, 'status' | 'updatedAt'>): string | undefined {
  if (!FIRST_STATES.test(summary.status)) return undefined;
  // Where a cloud does move updated_time (an update sets it), a change of it also means new events.
  return `${summary.status}|${summary.updatedAt ?? ''}`;
}

export class MemoryStackEventCache implements StackEventCache {
  private readonly entries = new Map<string, { key: string; events: readonly StackEvent[] }>();

  get(stackId: string, key: string): StackEvent[] | undefined {
    const entry = this.entries.get(stackId);
    return entry && entry.key === key ? [...entry.events] : undefined;
  }

  put(stackId: string, key: string, events: readonly StackEvent[]): void {
    this.entries.set(stackId, { key, events: [...events] });
  }
}

const FORGET_AFTER_MS = 30 * 24 * 3_600_000;

/**
 * The cache in the app's database (table `cohort_stack_events`, migration 7), shared by the
 * dashboard, `cohort list` and the reaper's cron runs on the same machine. Entries written over 30
 * days ago are dropped on first use (a stack unchanged that long is asked for once more), so the
 * stacks of past cohorts do not stay for ever. Nothing runs until an instructor lists a cohort.
 */
export class SqliteStackEventCache implements StackEventCache {
  private statements:
    { get: Statement<[string, string], { events: string }>; put: Statement<[string, string, string, number]> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  get(stackId: string, key: string): StackEvent[] | undefined {
    try {
      const row = this.ready().get.get(stackId, key);
      if (!row) return undefined;
      // Written by another version of the app: ask Heat again rather than trust a shape we do not know.
      const parsed = StackEventSchema.array().safeParse(JSON.parse(row.events));
      return parsed.success ? parsed.data : undefined;
    } catch {
      // The cache only saves requests: when it cannot be read (locked for long, unreadable), Heat is asked.
      return undefined;
    }
  }

  put(stackId: string, key: string, events: readonly StackEvent[]): void {
    try {
      this.ready().put.run(stackId, key, JSON.stringify(events), this.now());
    } catch {
      // Not kept this time (the database locked for long by another writer): the next listing asks Heat again.
    }
  }

  /** On first use: forgets old entries and prepares the statements every lab of a listing runs. */
  private ready(): NonNullable<SqliteStackEventCache['statements']> {
    if (this.statements) return this.statements;
    this.db.prepare('DELETE FROM cohort_stack_events WHERE fetched_at < ?').run(this.now() - FORGET_AFTER_MS);
    this.statements = {
      get: this.db.prepare<[string, string], { events: string }>(
        'SELECT events FROM cohort_stack_events WHERE stack_id = ? AND cache_key = ?',
      ),
      put: this.db.prepare<[string, string, string, number]>(
        'INSERT INTO cohort_stack_events (stack_id, cache_key, events, fetched_at) VALUES (?, ?, ?, ?) ON CONFLICT (stack_id) DO UPDATE SET cache_key = excluded.cache_key, events = excluded.events, fetched_at = excluded.fetched_at',
      ),
    };
    return this.statements;
  }
}
