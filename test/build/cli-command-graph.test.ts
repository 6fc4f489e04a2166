import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/serve-process';

const CHUNKS = join(REPO_ROOT, 'dist', 'cli', 'chunks');

/** The sources (src/… and node_modules/… as esbuild names them) of a chunk and every chunk it imports statically. */
function staticSources(entry: string): Set<string> {
  const sources = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(CHUNKS, file), 'utf8');
    for (const m of code.matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm)) sources.add(m[1]!);
    // Static imports only: `import("./x.js")` loads when its command runs, not when the module does.
    for (const m of code.matchAll(/^import\s*(?:[^;]*?from\s*)?"\.\/([^"]+)";?$/gm)) visit(m[1]!);
  };
  visit(entry);
  return sources;
}

describe('what the bundled `lab-console cloud …` commands load before they run', () => {
  const cloudChunk = readdirSync(CHUNKS).find(
    (f) => f.endsWith('.js') && readFileSync(join(CHUNKS, f), 'utf8').includes('// src/core/cli/commands/cloud.ts\n'),
  );

  it('the cloud commands start without the app’s contract: `cloud update` loads it when it runs', () => {
    expect(cloudChunk).toBeDefined();
    const sources = staticSources(cloudChunk!);
    expect(sources).toContain('src/core/cli/commands/cloud.ts');
    expect([...sources].filter((s) => s.startsWith('src/shared/contract/cloud-calls'))).toEqual([]);
  });
});
