import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A throw-away data folder, so a test never touches the developer's own Lab Console data. */
export function tempHome(prefix = 'lc-home-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A tempHome removed when the running test ends, passed or failed. Call it inside a test. */
export function testHome(prefix = 'lc-home-'): { path: string; remove(): void } {
  const home = tempHome(prefix);
  onTestFinished(home.remove);
  return home;
}

/** A throw-away folder removed when the running test ends, passed or failed. Call it inside a test. */
export function testFolder(prefix: string): string {
  return testHome(prefix).path;
}
