import type Database from 'better-sqlite3';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { newSqliteDatabase } from './database';

/** The file beside config.json and secrets.json whose lock every writer of them takes. */
export const LOCK_FILE_NAME = 'lab-console.lock';

/** Runs work while no other process (app, CLI, browser mode) writes the data folder's shared files. */
export interface DataFolderLock {
  /**
   * Holds the lock for `work`, which must be synchronous: read the file, change it, replace it.
   * Reentrant within a process.
   */
  hold<T>(work: () => T): T;
}

export class DataFolderBusyError extends Error {
  constructor(
    readonly path: string,
    waitedMs: number,
  ) {
    super(
      `Another Lab Console process has kept the data folder locked (${path}) for more than ${Math.round(waitedMs / 1000)} s. Try again; if it lasts, quit the other Lab Console windows and CLI commands.`,
    );
    this.name = 'DataFolderBusyError';
  }
}

export interface DataFolderLockOptions {
  /** Electron loads better-sqlite3's binding built for its own ABI (see database.ts). */
  readonly nativeBinding?: string;
  /** How long to wait for another process before giving up. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * An exclusive lock across processes, taken as SQLite's own lock on a small database file that
 * holds nothing: SQLite locks the same way on every OS, waits with its busy handler, and the OS
 * drops the lock when its process dies, so a crash (even kill -9) never leaves the folder locked.
 */
class SqliteFileLock implements DataFolderLock {
  private db: Database.Database | undefined;
  private depth = 0;

  constructor(
    readonly path: string,
    private readonly options: DataFolderLockOptions,
  ) {}

  hold<T>(work: () => T): T {
    if (this.depth > 0) return this.nested(work);
    const db = this.open();
    try {
      // EXCLUSIVE in rollback-journal mode: nobody else may even read this file until COMMIT.
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataFolderBusyError(this.path, this.timeoutMs);
      throw error;
    }
    try {
      return this.nested(work);
    } finally {
      db.exec('COMMIT');
    }
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  private nested<T>(work: () => T): T {
    this.depth++;
    try {
      const result = work();
      if (result instanceof Promise)
        throw new Error('Work under the data folder lock must be synchronous: the lock would be released before it ends.');
      return result;
    } finally {
      this.depth--;
    }
  }

  private open(): Database.Database {
    if (!this.db) {
      this.db = newSqliteDatabase(this.path, {
        timeout: this.timeoutMs,
        ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      });
    }
    return this.db;
  }
}

const locks = new Map<string, SqliteFileLock>();

/**
 * The lock of a data folder; one per folder in a process (the first caller's options apply), so
 * settings and secrets code in one process share it and never wait for each other.
 */
export function dataFolderLock(folder: string, options: DataFolderLockOptions = {}): DataFolderLock {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const path = join(realpathSync(folder), LOCK_FILE_NAME);
  let lock = locks.get(path);
  if (!lock) {
    lock = new SqliteFileLock(path, options);
    locks.set(path, lock);
  }
  return lock;
}
