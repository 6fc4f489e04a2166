import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/support/temp-home';
import { openDatabase } from '../store/database';
import { migrations } from '../store/migrations';
import { LabStore } from './lab-store';

describe('LabStore on a data folder of an older version', () => {
  let home: ReturnType<typeof tempHome> | undefined;
  afterEach(() => home?.remove());

  it('opens a store made by migration 8 (labs with action_before_check), drops the column and keeps the lab', () => {
    home = tempHome('lc-lab-store-');
    const path = join(home.path, 'lab-console.db');
    const old = openDatabase({ path, migrations: migrations.filter((m) => m.version <= 8) });
    old
      .prepare(
        `INSERT INTO labs (course_id, user_id, stack_name, stack_id, provider, state, action_before_check, ready, outputs, created_at, updated_at)
         VALUES ('intro-linux', 'u1', 'lc-intro-linux-u1', 'stack-1', 'sandbox', 'CREATE_COMPLETE', NULL, 1, '{"host":"127.0.0.1"}', 1, 2)`,
      )
      .run();
    old.close();

    const db = openDatabase({ path });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(Math.max(...migrations.map((m) => m.version)));
      const columns = (db.prepare(`PRAGMA table_info(labs)`).all() as Array<{ name: string }>).map((c) => c.name);
      expect(columns).not.toContain('action_before_check');
      expect(new LabStore(db).latestForCourse('intro-linux')).toMatchObject({
        userId: 'u1',
        stackId: 'stack-1',
        provider: 'sandbox',
        state: 'CREATE_COMPLETE',
        group: 'up',
        ready: true,
        outputs: { host: '127.0.0.1' },
      });
    } finally {
      db.close();
    }
  });
});
