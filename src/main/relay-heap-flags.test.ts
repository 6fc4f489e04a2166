import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type * as V8 from 'node:v8';

const flags: string[] = [];
vi.mock('node:v8', async (original) => ({
  ...(await original<typeof V8>()),
  setFlagsFromString: (flag: string) => flags.push(flag),
}));

describe("the app's main process", () => {
  it('turns allocation-site pretenuring off when its first module loads', async () => {
    await import('./relay-heap-flags');
    expect(flags).toContain('--no-allocation-site-pretenuring');
    const firstImport = readFileSync(new URL('./main.ts', import.meta.url), 'utf8').match(/^import .*$/m)?.[0];
    expect(firstImport).toBe("import './relay-heap-flags';");
  });
});
