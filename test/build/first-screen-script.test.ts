/**
 * What the first screen (the library) loads before it can draw: the entry script and the chunks
 * index.html preloads. Read from the built page and each chunk's source map, so a static import
 * that drags zod, the contract's schemas or another language back onto the first screen fails here.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/serve-process';

const rendererDir = join(REPO_ROOT, 'dist', 'renderer');
const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
const firstScreen = [...html.matchAll(/<(?:script type="module"|link rel="modulepreload")[^>]*?(?:src|href)="\.\/([^"]+\.js)"/g)].map(
  (match) => match[1]!,
);
// A chunk that only re-exports others has no map (and no sources of its own).
const sourcesOf = (chunk: string): string[] => {
  const map = join(rendererDir, `${chunk}.map`);
  return existsSync(map) ? (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources : [];
};
const sources = firstScreen.flatMap(sourcesOf);

// Measured when the budget was set: 366 KB (React DOM alone ~190 KB), down from 580 KB with zod and both languages.
const FIRST_SCREEN_BUDGET_BYTES = 400_000;

describe("the first screen's JavaScript", () => {
  it('is the entry and its preloads, found in the built page', () => {
    expect(firstScreen[0]).toMatch(/^assets\/index-.+\.js$/);
    expect(sources.some((source) => source.endsWith('src/renderer/course/LibraryScreen.tsx'))).toBe(true);
  });

  it('carries no zod and none of the contract’s schemas: the page reads answers its app checked before sending', () => {
    expect(sources.filter((source) => source.includes('node_modules/zod/'))).toEqual([]);
    for (const schemas of ['src/shared/contract/contract.ts', 'src/shared/contract/errors.ts', 'src/shared/course/course-manifest.ts'])
      expect(sources.filter((source) => source.endsWith(schemas))).toEqual([]);
  });

  it('carries the English UI catalogue only: no other language, no command-line text', () => {
    expect(sources.some((source) => source.endsWith('src/shared/i18n/catalogue/en/ui-app.ts'))).toBe(true);
    expect(sources.filter((source) => /src\/shared\/i18n\/catalogue\/(?!en\/)/.test(source))).toEqual([]);
    expect(sources.filter((source) => source.endsWith('/cli.ts'))).toEqual([]);
  });

  it('arrives in three files: the entry, the first screen’s chunk and the bundler’s runtime', () => {
    expect(firstScreen).toHaveLength(3);
    expect(firstScreen.some((chunk) => /^assets\/first-screen-.+\.js$/.test(chunk))).toBe(true);
  });

  it(`stays within ${FIRST_SCREEN_BUDGET_BYTES / 1000} KB`, () => {
    const bytes = firstScreen.reduce((sum, chunk) => sum + statSync(join(rendererDir, chunk)).size, 0);
    expect(bytes).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET_BYTES);
  });
});
