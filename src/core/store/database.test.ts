import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testHome } from '../../../test/support/temp-home';
import { DatabaseVersionError, openDatabase } from './database';
import { migrations } from './migrations';

describe('openDatabase', () => {
  it('applies every migration once, in WAL mode', () => {
    const home = testHome();
    const path = join(home.path, 'lab-console.db');
    const db = openDatabase({ path });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const latest = Math.max(...migrations.map((m) => m.version));
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    db.close();
    const again = openDatabase({ path });
    expect(again.pragma('user_version', { simple: true })).toBe(latest);
    again.close();
  });

  it('applies only the migrations a store has not seen', () => {
    const home = testHome();
    const path = join(home.path, 'db.sqlite');
    const first = [{ version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER) STRICT;' }];
    openDatabase({ path, migrations: first }).close();
    const db = openDatabase({ path, migrations: [...first, { version: 2, name: 'b', sql: 'CREATE TABLE b (y INTEGER) STRICT;' }] });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('a','b')").get()).toEqual({ n: 2 });
    db.close();
  });

  it('refuses a store written by a newer version instead of damaging it', () => {
    const home = testHome();
    const path = join(home.path, 'db.sqlite');
    openDatabase({ path, migrations: [{ version: 7, name: 'future', sql: 'SELECT 1;' }] }).close();
    expect(() => openDatabase({ path, migrations: [{ version: 1, name: 'a', sql: 'SELECT 1;' }] })).toThrow(DatabaseVersionError);
  });

  it('rolls back a failing migration whole', () => {
    const home = testHome();
    const path = join(home.path, 'db.sqlite');
    const broken = [{ version: 1, name: 'half', sql: 'CREATE TABLE ok (x INTEGER); CREATE TABLE ok (x INTEGER);' }];
    expect(() => openDatabase({ path, migrations: broken })).toThrow();
    const db = openDatabase({ path, migrations: [] });
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ok'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('keeps the learner\'s progress when the progress table learns "solved" (migration 11)', () => {
    const home = testHome();
    const path = join(home.path, 'db.sqlite');
    const before = openDatabase({ path, migrations: migrations.filter((m) => m.version <= 10) });
    before.prepare("INSERT INTO courses VALUES ('c', '1.0.0', 'C', '', '[]', 1, '{}', 0)").run();
    before.prepare("INSERT INTO course_progress VALUES ('c', 'one', 'completed', 5), ('c', 'two', 'visited', 6)").run();
    before.close();
    const db = openDatabase({ path });
    expect(db.prepare('SELECT step_id, status, updated_at FROM course_progress ORDER BY step_id').all()).toEqual([
      { step_id: 'one', status: 'completed', updated_at: 5 },
      { step_id: 'two', status: 'visited', updated_at: 6 },
    ]);
    db.prepare("INSERT INTO course_progress VALUES ('c', 'three', 'solved', 7)").run();
    expect(() => db.prepare("INSERT INTO course_progress VALUES ('c', 'four', 'guessed', 8)").run()).toThrow(/CHECK/);
    // Still removed with its course.
    db.prepare("DELETE FROM courses WHERE id = 'c'").run();
    expect(db.prepare('SELECT count(*) AS n FROM course_progress').get()).toEqual({ n: 0 });
    db.close();
  });
});
