import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../cli-capture.test-support';

describe('lab-console cohort report', () => {
  const homes: string[] = [];
  afterEach(() => homes.splice(0).forEach((h) => rmSync(h, { recursive: true, force: true })));

  it('refuses a month that is not YYYY-MM with exit 2 and says which', async () => {
    const home = mkdtempSync(join(tmpdir(), 'lc-report-'));
    homes.push(home);
    const out = await runCliCaptured(home, ['cohort', 'report', '--course', 'intro-linux', '--month', '2026-13']);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('error: --month: "2026-13" is not a month such as 2026-11\n');
  }, 60_000);
});
