import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNodePreloads, preloadRequests } from './node-preloads';

describe('the preloads node was asked for', () => {
  it('are read from its arguments and NODE_OPTIONS, in both spellings, and nothing else', () => {
    expect(
      preloadRequests(
        ['--snapshot-blob', '/x/lab-console.blob', '-r', './a.cjs', '--import=./b.mjs', '--max-old-space-size=100'],
        '--require "/with space/c.cjs" --import ./d.mjs --enable-source-maps',
      ),
    ).toEqual(['./a.cjs', './b.mjs', '/with space/c.cjs', './d.mjs']);
    expect(preloadRequests([], undefined)).toEqual([]);
  });

  it('are loaded, CommonJS and ES modules, by path and by file URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-preloads-'));
    try {
      writeFileSync(join(dir, 'one.cjs'), 'globalThis.__lcPreloaded = [...(globalThis.__lcPreloaded ?? []), "one"];');
      writeFileSync(join(dir, 'two.mjs'), 'globalThis.__lcPreloaded = [...(globalThis.__lcPreloaded ?? []), "two"];');
      loadNodePreloads(['-r', join(dir, 'one.cjs')], `--import ${pathToFileURL(join(dir, 'two.mjs')).href}`);
      expect((globalThis as { __lcPreloaded?: string[] }).__lcPreloaded).toEqual(['one', 'two']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
