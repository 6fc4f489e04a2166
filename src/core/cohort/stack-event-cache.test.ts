import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StackEvent } from '../../shared/openstack/stack';
import { openDatabase } from '../store/database';
import { eventCacheKey, MemoryStackEventCache, SqliteStackEventCache } from './stack-event-cache';

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
  it('keeps only labs still in their first state, which a stack never comes back to', () => {
    expect(eventCacheKey({ status: 'CREATE_COMPLETE' })).toBe('CREATE_COMPLETE|');
    expect(eventCacheKey({ status: 'CREATE_FAILED', updatedAt: '2026-12-01T10:00:00Z' })).toBe('CREATE_FAILED|2026-12-01T10:00:00Z');
    for (const status of [
      'CREATE_IN_PROGRESS',
      'SUSPEND_COMPLETE',
      'RESUME_COMPLETE',
      'SUSPEND_FAILED',
      'CHECK_COMPLETE',
      'UPDATE_COMPLETE',
    ]) {
      expect(eventCacheKey({ status, updatedAt: '2026-12-01T10:00:00Z' })).toBeUndefined();
    }
  });

  it('in memory: gives the events back only under the key they were stored with', () => {
    const cache = new MemoryStackEventCache();
    cache.put('s1', 'SUSPEND_COMPLETE|t1', [event('e1', 'SUSPEND_COMPLETE')]);
    expect(cache.get('s1', 'SUSPEND_COMPLETE|t1')?.map((e) => e.id)).toEqual(['e1']);
    // Suspended again after a resume: same status, a later updated time.
    expect(cache.get('s1', 'SUSPEND_COMPLETE|t2')).toBeUndefined();
    expect(cache.get('s2', 'SUSPEND_COMPLETE|t1')).toBeUndefined();
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
      expect(cache.get('s1', 'CREATE_COMPLETE|')).toBeUndefined();
      expect(cache.get('s1', 'SUSPEND_COMPLETE|t1')?.map((e) => e.status)).toEqual(['CREATE_COMPLETE', 'SUSPEND_COMPLETE']);
      expect(cache.get('old', 'CREATE_COMPLETE|')).toBeUndefined();
      expect(db.prepare("SELECT count(*) AS n FROM cohort_stack_events WHERE stack_id = 'old'").get()).toEqual({ n: 0 });
      expect(cache.get('odd', 'k')).toBeUndefined();
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
    expect(cache.get('s1', 'CREATE_COMPLETE|')).toBeUndefined();
  });
});
