import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { holdSqliteForSnapshot } from './database';

/**
 * Evaluates better-sqlite3's JavaScript while the CLI's start-up snapshot is built (it is bundled
 * into the blob: scripts/cli-snapshot.mjs) and keeps the path of its addon, which, native code, is
 * loaded by that path when a run first opens the store. Without an addon there, nothing is held and
 * the store loads the package from node_modules as without a snapshot.
 */
export async function holdSqliteInSnapshot(): Promise<void> {
  const addon = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3')), '..', 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(addon)) return;
  const { default: sqlite } = await import('better-sqlite3');
  holdSqliteForSnapshot(sqlite, addon);
}
