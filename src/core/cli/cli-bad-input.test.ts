/**
 * Bad input — an unknown cloud, a broken clouds.yaml, a course id that is not in the library or not
 * a course id at all — is exit 2 at once, in every command that acts on labs (`lab`, `cohort`,
 * `jobs work`): never a job that retries it, never exit 1. Run through the CLI's entry (runCli, what
 * bin/lab-console.js calls) on a real data folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobList } from '../../shared/jobs';
import { runCli } from './cli-main';

const SAMPLE_COURSE = new URL('../../../assets/sample-course/', import.meta.url).pathname;

let dir: string;
let home: string;
let brokenYaml: string;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

async function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const code = await runCli(['--home', home, ...args], {
    streams: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
    // No clouds.yaml of this machine may leak in: an empty folder is the only place searched first.
    env: { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_CONFIG_DIRS: join(dir, 'etc'), ...env },
  });
  return { code, stdout, stderr, ms: performance.now() - started };
}

/** Exit 2, one `error:` line naming the problem, in well under a second (no job, no retry, no network). */
function expectBadInput(run: Run, message: RegExp): void {
  expect(run.stderr).toMatch(/^error: /);
  expect(run.stderr).toMatch(message);
  expect(run.code).toBe(2);
  expect(run.ms).toBeLessThan(1000);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lc-bad-input-'));
  home = join(dir, 'home');
  brokenYaml = join(dir, 'clouds.yaml');
  writeFileSync(brokenYaml, 'clouds:\n  school:\n    auth:\n      auth_url: [unclosed\n');
  const imported = await cli(['course', 'import', SAMPLE_COURSE]);
  expect(imported.code, imported.stderr).toBe(0);
  // Warm the modules the commands load, so the timings below measure the commands themselves.
  await cli(['lab', 'status', 'intro-linux']);
  await cli(['cohort', 'list', '--course', 'intro-linux', '--os-cloud', 'warm-up']);
  await cli(['jobs', 'list']);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an unknown cloud', () => {
  it.each([
    ['lab', 'launch', 'intro-linux'],
    ['lab', 'resume', 'intro-linux'],
    ['lab', 'suspend', 'intro-linux'],
    ['lab', 'delete', 'intro-linux'],
    ['lab', 'status', 'intro-linux'],
    ['lab', 'exec', 'intro-linux', '--', 'true'],
    ['lab', 'check', 'intro-linux'],
    ['lab', 'reconcile'],
    ['cohort', 'list', '--course', 'intro-linux'],
    ['cohort', 'suspend', '--course', 'intro-linux', '--all'],
    ['cohort', 'reap', '--course', 'intro-linux', '--dry-run'],
    ['jobs', 'work'],
  ])('is exit 2 at once for `%s %s`', async (...args) => {
    expectBadInput(await cli(['--os-cloud', 'no-such-cloud', ...args]), /Cloud "no-such-cloud" was not found/);
  });

  it('queues no job that would retry it', async () => {
    await cli(['--os-cloud', 'no-such-cloud', 'lab', 'launch', 'intro-linux']);
    await cli(['lab', 'launch', 'intro-linux'], { LAB_CONSOLE_LAB_CLOUDS: 'ghost' });
    const jobs = JobList.parse(JSON.parse((await cli(['--json', 'jobs', 'list'])).stdout)).jobs;
    expect(jobs.filter((j) => j.type === 'lab.launch')).toEqual([]);
  });

  it('named in LAB_CONSOLE_LAB_CLOUDS or OS_CLOUD is exit 2 too', async () => {
    expectBadInput(await cli(['lab', 'launch', 'intro-linux'], { LAB_CONSOLE_LAB_CLOUDS: 'ghost' }), /Cloud "ghost" was not found/);
    expectBadInput(await cli(['lab', 'launch', 'intro-linux'], { OS_CLOUD: 'ghost' }), /Cloud "ghost" was not found/);
  });

  it('left in Settings › Lab limits fails the job at its first attempt, exit 2', async () => {
    writeFileSync(join(home, 'config.json'), JSON.stringify({ labClouds: [{ name: 'removed-cloud', capacity: -1 }] }));
    try {
      expectBadInput(await cli(['lab', 'launch', 'intro-linux']), /Cloud "removed-cloud" was not found/);
      const jobs = JobList.parse(JSON.parse((await cli(['--json', 'jobs', 'list'])).stdout)).jobs;
      expect(jobs.filter((j) => j.type === 'lab.launch').map((j) => [j.status, j.attempts, j.error?.kind])).toEqual([
        ['failed', 1, 'cloud_config'],
      ]);
    } finally {
      writeFileSync(join(home, 'config.json'), '{}');
    }
  });

  it('in the --json failure object, kind invalid_input', async () => {
    const run = await cli(['--json', '--os-cloud', 'no-such-cloud', 'lab', 'launch', 'intro-linux']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { kind: 'invalid_input', message: expect.stringMatching(/no-such-cloud/) } });
  });
});

describe('a broken clouds.yaml', () => {
  it.each([
    ['lab', 'launch', 'intro-linux'],
    ['lab', 'status', 'intro-linux'],
    ['cohort', 'list', '--course', 'intro-linux'],
    ['jobs', 'work'],
  ])('is exit 2 at once, naming the file and line, for `%s %s`', async (...args) => {
    const run = await cli(['--os-cloud', 'school', ...args], { OS_CLIENT_CONFIG_FILE: brokenYaml });
    expectBadInput(run, /invalid YAML/);
    expect(run.stderr).toContain(`${brokenYaml}:`);
  });
});

describe('a bad course id', () => {
  it.each([
    ['lab', 'launch', 'no-such-course'],
    ['lab', 'delete', 'no-such-course'],
    ['lab', 'status', 'no-such-course'],
    ['lab', 'exec', 'no-such-course', '--', 'true'],
    ['lab', 'check', 'no-such-course'],
    ['lab', 'keepalive', 'no-such-course'],
  ])('is exit 2 at once for `%s %s %s`', async (...args) => {
    expectBadInput(await cli(args), /no-such-course/);
  });

  it.each([
    ['cohort', 'list', '--course', 'Not A Course!'],
    ['cohort', 'reap', '--course', '../etc', '--dry-run'],
    ['lab', 'launch', 'Not A Course!'],
  ])('that is not a course id at all is exit 2 for `%s %s`', async (...args) => {
    expectBadInput(await cli(['--os-cloud', 'warm-up', ...args]), /is not a course id/);
  });
});
