import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * better-sqlite3 built for Electron's ABI lives in a folder of its own (scripts/start.mjs builds it),
 * so the Node build the tests and the CLI use is never overwritten.
 */
export function electronSqliteBinding(packageRoot: string): string | undefined {
  const path = join(packageRoot, '.electron-native', `electron-${process.versions.electron}`, 'better_sqlite3.node');
  return existsSync(path) ? path : undefined;
}
