import type { StackEvent, StackSummary } from '../../shared/openstack/stack';
import { StackEventSchema } from '../../shared/openstack/stack';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';

/**
 * A stack's stack-level events, kept between listings under the stack's state when they were read.
 * Heat only ever appends events, so a listing asks Heat only for the events after the last one kept
 * (`marker=`): the answer stays small however long a lab's history of suspends and resumes grows.
 * A stack never returns to CREATE_COMPLETE or CREATE_FAILED once it has done anything else, so
 * while it is still in the state its events were read in, and that state is one of those, nothing
 * can have been added: a cohort in class, with most labs up since they were made, is listed again
 * without a request per lab. Any other state can recur (suspend, resume, suspend again) with Heat's
 * `updated_time` unchanged (measured against the sandbox's Heat): those labs are asked for what is new.
 */
export interface StackEventCache {
  /** The events kept for the stack and the key (eventCacheKey) of its state when they were read. */
  get(stackId: string): { key: string; events: StackEvent[] } | undefined;
  put(stackId: string, key: string, events: readonly StackEvent[]): void;
}

/** The states a stack is in only before its first other action. */
const FIRST_STATES = /^(CREATE|ADOPT)_(COMPLETE|FAILED)$/;

/** The stack's state as far as its events go: status and updated time (an update moves it, and adds events). */
export function eventCacheKey(summary: Pick<StackSummary, 'status' | 'updatedAt'>): string {
  return `${summary.status}|${summary.updatedAt ?? ''}`;
}

/** True when events kept under `keptKey` are still all of them for a stack now in `summary`'s state. */
export function eventsComplete(keptKey: string, summary: Pick<StackSummary, 'status' | 'updatedAt'>): boolean {
  return FIRST_STATES.test(summary.status) && keptKey === eventCacheKey(summary);
}

/**
 * `kept` followed by the events of `newer` it does not hold yet. Heat ignores a marker it no longer
 * has (old events are purged past `max_events_per_stack`) and answers the whole list instead: the
 * events already kept are not added twice.
 */
export function appendEvents(kept: readonly StackEvent[], newer: readonly StackEvent[]): StackEvent[] {
  const known = new Set(kept.map((e) => e.id));
  return [...kept, ...newer.filter((e) => !known.has(e.id))];
}

export class MemoryStackEventCache implements StackEventCache {
  private readonly entries = new Map<string, { key: string; events: readonly StackEvent[] }>();

  get(stackId: string): { key: string; events: StackEvent[] } | undefined {
    const entry = this.entries.get(stackId);
    return entry && { key: entry.key, events: [...entry.events] };
  }

  put(stackId: string, key: string, events: readonly StackEvent[]): void {
    this.entries.set(stackId, { key, events: [...events] });
  }
}

const FORGET_AFTER_MS = 30 * 24 * 3_600_000;

/**
 * The cache in the app's database (table `cohort_stack_events`, migration 7), shared by the
 * dashboard, `cohort list` and the reaper's cron runs on the same machine. Entries written over 30
 * days ago are dropped on first use (a stack unchanged that long is read whole once more), so the
 * stacks of past cohorts do not stay for ever. Nothing runs until an instructor lists a cohort.
 */
export class SqliteStackEventCache implements StackEventCache {
  private statements:
    | {
        get: Statement<[string], { cache_key: string; events: string }>;
        put: Statement<[string, string, string, number]>;
      }
    | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  get(stackId: string): { key: string; events: StackEvent[] } | undefined {
    try {
      const row = this.ready().get.get(stackId);
      if (!row) return undefined;
      // Written by another version of the app: ask Heat again rather than trust a shape we do not know.
      const parsed = StackEventSchema.array().safeParse(JSON.parse(row.events));
      return parsed.success ? { key: row.cache_key, events: parsed.data } : undefined;
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
      get: this.db.prepare<[string], { cache_key: string; events: string }>(
        'SELECT cache_key, events FROM cohort_stack_events WHERE stack_id = ?',
      ),
      put: this.db.prepare<[string, string, string, number]>(
        'INSERT INTO cohort_stack_events (stack_id, cache_key, events, fetched_at) VALUES (?, ?, ?, ?) ON CONFLICT (stack_id) DO UPDATE SET cache_key = excluded.cache_key, events = excluded.events, fetched_at = excluded.fetched_at',
      ),
    };
    return this.statements;
  }
}
