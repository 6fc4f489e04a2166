import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StackEvent } from '../../shared/openstack/stack';
import { openDatabase } from '../store/database';
import { appendEvents, eventCacheKey, eventsComplete, MemoryStackEventCache, SqliteStackEventCache } from './stack-event-cache';

const DAY = 86_400_000;
const event = (id: string, status: string): StackEvent => ({
  id,
  time: '2026-12-01T10:00:00Z',
  resourceName: 'lab',
  status,
  statusReason: '',
  isStackEvent: true,
});

describe('stack event cache', () => {
  it('trusts kept events without asking Heat only for a lab still in the first state they were read in', () => {
    expect(eventCacheKey({ status: 'CREATE_COMPLETE' })).toBe('CREATE_COMPLETE|');
    expect(eventsComplete('CREATE_COMPLETE|', { status: 'CREATE_COMPLETE' })).toBe(true);
    expect(eventsComplete('CREATE_FAILED|2026-12-01T10:00:00Z', { status: 'CREATE_FAILED', updatedAt: '2026-12-01T10:00:00Z' })).toBe(true);
    // Read while creating, or updated since: there are newer events.
    expect(eventsComplete('CREATE_IN_PROGRESS|', { status: 'CREATE_COMPLETE' })).toBe(false);
    expect(eventsComplete('CREATE_COMPLETE|', { status: 'CREATE_COMPLETE', updatedAt: '2026-12-01T10:00:00Z' })).toBe(false);
    // Any other state can come back with the same updated time (suspend, resume, suspend again).
    for (const status of ['SUSPEND_COMPLETE', 'RESUME_COMPLETE', 'SUSPEND_FAILED', 'CHECK_COMPLETE', 'UPDATE_COMPLETE']) {
      const summary = { status, updatedAt: '2026-12-01T10:00:00Z' };
      expect(eventsComplete(eventCacheKey(summary), summary)).toBe(false);
    }
  });

  it('appends the newer events, never one it holds already (Heat answers all of them for a marker it purged)', () => {
    const kept = [event('e1', 'CREATE_COMPLETE'), event('e2', 'SUSPEND_COMPLETE')];
    expect(appendEvents(kept, [event('e3', 'RESUME_COMPLETE')]).map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(appendEvents(kept, [event('e2', 'SUSPEND_COMPLETE'), event('e3', 'RESUME_COMPLETE')]).map((e) => e.id)).toEqual([
      'e1',
      'e2',
      'e3',
    ]);
    expect(appendEvents([], kept).map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('in memory: gives back the events with the key they were stored under', () => {
    const cache = new MemoryStackEventCache();
    cache.put('s1', 'SUSPEND_COMPLETE|t1', [event('e1', 'SUSPEND_COMPLETE')]);
    expect(cache.get('s1')).toEqual({ key: 'SUSPEND_COMPLETE|t1', events: [event('e1', 'SUSPEND_COMPLETE')] });
    expect(cache.get('s2')).toBeUndefined();
  });

  it('in the database: survives a reopen, is replaced per stack, forgets entries over 30 days old and distrusts shapes it does not know', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-event-cache-'));
    try {
      const path = join(dir, 'app.sqlite');
      let now = 100 * DAY;
      let db = openDatabase({ path });
      let cache = new SqliteStackEventCache(db, () => now);
      cache.put('old', 'CREATE_COMPLETE|', [event('o1', 'CREATE_COMPLETE')]);
      now += 20 * DAY;
      cache.put('s1', 'CREATE_COMPLETE|', [event('e1', 'CREATE_COMPLETE')]);
      cache.put('s1', 'SUSPEND_COMPLETE|t1', [event('e1', 'CREATE_COMPLETE'), event('e2', 'SUSPEND_COMPLETE')]);
      db.prepare(
        "INSERT INTO cohort_stack_events (stack_id, cache_key, events, fetched_at) VALUES ('odd', 'k', '[{\"unknown\":1}]', ?)",
      ).run(now);
      db.close();

      now += 15 * DAY;
      db = openDatabase({ path });
      cache = new SqliteStackEventCache(db, () => now);
      const s1 = cache.get('s1');
      expect(s1?.key).toBe('SUSPEND_COMPLETE|t1');
      expect(s1?.events.map((e) => e.status)).toEqual(['CREATE_COMPLETE', 'SUSPEND_COMPLETE']);
      expect(cache.get('old')).toBeUndefined();
      expect(db.prepare("SELECT count(*) AS n FROM cohort_stack_events WHERE stack_id = 'old'").get()).toEqual({ n: 0 });
      expect(cache.get('odd')).toBeUndefined();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('in the database: one that cannot be used only costs requests, never the listing', () => {
    const db = openDatabase({ path: ':memory:' });
    const cache = new SqliteStackEventCache(db, () => 0);
    db.close();
    expect(() => cache.put('s1', 'CREATE_COMPLETE|', [event('e1', 'CREATE_COMPLETE')])).not.toThrow();
    expect(cache.get('s1')).toBeUndefined();
  });
});
