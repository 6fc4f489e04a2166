import type Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { migrations as defaultMigrations, type Migration } from './migrations';

export type Db = Database.Database;

const requireModule = createRequire(import.meta.url);

/** better-sqlite3 as the CLI's start-up snapshot holds it: its JavaScript evaluated, and its addon's file. */
let held: { readonly module: typeof Database; readonly addon: string } | undefined;

/**
 * Called while the CLI's start-up snapshot is built (src/core/cli/cli-snapshot-entry.ts): a run
 * then opens its store without finding and compiling better-sqlite3's modules (~12 of the ~20 ms
 * of CPU its first open took in a profile of `cohort list`); the addon itself, native code, cannot
 * be in a snapshot and is loaded by its path. The blob is bound to this folder, and so is the path.
 */
export function holdSqliteForSnapshot(module: typeof Database, addon: string): void {
  held = { module, addon };
}

/**
 * A better-sqlite3 database, the package required when a database first opens rather than with the
 * modules that use it: it is a native addon, which the CLI's start-up snapshot cannot hold
 * (scripts/cli-snapshot.mjs), and commands that only read settings (`cloud list`) start without it.
 * Electron passes a binding built for its own ABI (`nativeBinding`).
 */
export function newSqliteDatabase(path: string, options: Database.Options = {}): Database.Database {
  if (held && !options.nativeBinding && existsSync(held.addon)) {
    return new held.module(path, { ...options, nativeBinding: held.addon });
  }
  const Sqlite = requireModule('better-sqlite3') as typeof Database;
  return new Sqlite(path, options);
}

export interface OpenDatabaseOptions {
  /** Path of the database file, or ":memory:". */
  readonly path: string;
  /** Electron loads a binding built for its own ABI from a folder of its own (see README). */
  readonly nativeBinding?: string;
  readonly migrations?: readonly Migration[];
}

export class DatabaseVersionError extends Error {
  constructor(
    readonly path: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The data store ${path} was written by a newer Lab Console (schema ${found}; this version knows up to ${known}). Update Lab Console or use another --home.`,
    );
    this.name = 'DatabaseVersionError';
  }
}

/** Opens the store in WAL mode and brings its schema up to date. */
export function openDatabase(options: OpenDatabaseOptions): Db {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = newSqliteDatabase(options.path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // Several processes (app, CLI, worker) share one file: wait for a writer instead of failing at once.
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  try {
    migrate(db, options.path, options.migrations ?? defaultMigrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export function migrate(db: Db, path: string, list: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = list.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) throw new DatabaseVersionError(path, current, latest);
  const pending = [...list].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
