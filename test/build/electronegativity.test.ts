import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/serve-process';
import { ACCEPTED, EXCLUDED_CHECKS, INFORMATIONAL, REVIEWED } from './electronegativity.config';

interface Issue {
  id: string;
  file: string;
  location?: { line: number };
  severity: { name: string };
  confidence: { name: string };
  description: string;
  sample?: string;
}
interface ScanResult {
  issues: Issue[];
  errors: { file: string; message: string; tolerable: boolean }[];
}
type Run = (options: Record<string, unknown>) => Promise<ScanResult>;

const fromScanner = createRequire(join(REPO_ROOT, 'node_modules', '@doyensec', 'electronegativity', 'package.json'));

/**
 * electronegativity asks the network twice: for fresh translations (its bundled ones do) and for
 * Electron's release list (that check is excluded). Its HTTP client is replaced by one that fails
 * at once, so a scan never leaves the machine.
 */
function offlineScanner(): Run {
  const gotPath = fromScanner.resolve('got');
  const offline = Object.assign(() => Promise.reject(new Error('offline scan')), { head: () => Promise.reject(new Error('offline scan')) });
  fromScanner.cache[gotPath] = {
    id: gotPath,
    filename: gotPath,
    loaded: true,
    exports: Object.assign(offline, { default: offline }),
  } as unknown as NodeJS.Module;
  const runner = fromScanner('./dist/runner.js') as Run | { default: Run };
  return typeof runner === 'function' ? runner : runner.default;
}

/** The shell as it ships: src/main's code and the page it loads, as built (with its CSP). */
function stageShell(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lc-shell-'));
  mkdirSync(join(dir, 'main'));
  mkdirSync(join(dir, 'renderer'));
  for (const name of readdirSync(join(REPO_ROOT, 'src', 'main'))) {
    if (name.endsWith('.ts') && !name.endsWith('.test.ts')) copyFileSync(join(REPO_ROOT, 'src', 'main', name), join(dir, 'main', name));
  }
  copyFileSync(join(REPO_ROOT, 'dist', 'renderer', 'index.html'), join(dir, 'renderer', 'index.html'));
  return dir;
}

const electronVersion = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
).version;
const staged = stageShell();
afterAll(() => rmSync(staged, { recursive: true, force: true }));

const key = (check: string, file: string): string => `${check} ${file}`;

describe('electronegativity over the Electron shell', () => {
  it(`finds nothing above informational in src/main and the built page (Electron ${electronVersion})`, async () => {
    const result = await offlineScanner()({
      input: staged,
      isRelative: true,
      electronVersionOverride: electronVersion,
      excludeFromScan: EXCLUDED_CHECKS.map((e) => e.check),
    });
    expect(result.errors).toEqual([]);
    const show = (issue: Issue) => `${issue.severity.name} ${issue.id} ${issue.file}:${issue.location?.line ?? 0} ${issue.description}`;
    const aboveInformational = result.issues.filter((issue) => issue.severity.name !== 'INFORMATIONAL');
    const accepted = new Set(ACCEPTED.map((e) => key(e.check, e.file)));
    expect(aboveInformational.filter((issue) => !accepted.has(key(issue.id, issue.file))).map(show)).toEqual([]);
    expect([...new Set(aboveInformational.map((issue) => key(issue.id, issue.file)))].sort()).toEqual([...accepted].sort());
    const informational = result.issues
      .filter((issue) => issue.severity.name === 'INFORMATIONAL')
      .map((issue) => key(issue.id, issue.file));
    expect(informational.sort()).toEqual(INFORMATIONAL.map((e) => key(e.check, e.file)).sort());
  });

  it('every check disabled in the source is listed with the reason it was reviewed', () => {
    const annotated: string[] = [];
    for (const folder of ['main', 'renderer']) {
      for (const name of readdirSync(join(staged, folder))) {
        const text = readFileSync(join(staged, folder, name), 'utf8');
        for (const match of text.matchAll(/eng-disable[ \t]+([\w \t]+)/g)) {
          for (const check of match[1]!.trim().split(/\s+/)) annotated.push(key(check, `${folder}/${name}`));
        }
      }
    }
    expect(annotated.sort()).toEqual(REVIEWED.map((e) => key(e.check, e.file)).sort());
    for (const exception of [...REVIEWED, ...EXCLUDED_CHECKS, ...INFORMATIONAL, ...ACCEPTED])
      expect(exception.why.length).toBeGreaterThan(40);
  });
});
