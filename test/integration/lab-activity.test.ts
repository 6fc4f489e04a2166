/**
 * Active hours and the waste, against the sandbox: the learner's own `lab exec` sessions write
 * their activity on the lab host, and the instructor's `cohort report` and `cohort export` read it
 * there with the instructor's credentials — the same seconds as the file holds, billed ÷ active
 * from them, and the last known figure still shown once the lab is suspended (its host asleep).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/core/cli/cli-main';
import { CohortReport } from '../../src/shared/cohort/cohort-report';
import { activeSecondsIn, parseActivity } from '../../src/shared/labs/lab-activity';
import { monthBounds } from '../../src/shared/labs/lab-rates';
import { learner, type SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { sampleCourseVariant, SAMPLE_COURSE, writeLabClouds } from '../support/lab-harness';

const COURSE = 'activity-it';
const RATES = { running_per_hour: 3.6, suspended_per_hour: 0.36, currency: 'EUR' };

describeWithSandbox('active hours from the activity the learner’s app writes on the lab', (sandbox) => {
  let state: SandboxState;
  let dir: string;
  let home: string;
  let env: NodeJS.ProcessEnv;

  async function cli(...args: string[]): Promise<string> {
    let out = '';
    let err = '';
    const streams = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };
    const code = await runCli(['--home', home, ...args], { streams, env });
    expect(code, `${args.join(' ')}: ${err}`).toBe(0);
    return out;
  }

  const report = async (month: string) =>
    CohortReport.parse(
      JSON.parse(
        await cli(
          '--json',
          '--os-cloud',
          'teacher',
          'cohort',
          'report',
          '--course',
          COURSE,
          '--month',
          month,
          '--projects',
          `^${learner(state, 1).projectName}$`,
        ),
      ),
    );

  beforeAll(async () => {
    state = sandbox();
    dir = mkdtempSync(join(tmpdir(), 'lc-activity-it-'));
    home = join(dir, 'home');
    env = {
      ...process.env,
      ...writeLabClouds(state, dir, [
        { name: 'school', user: 'learner1', rates: RATES },
        { name: 'teacher', user: state.instructor.name, rates: RATES },
      ]),
    };
    const yaml = readFileSync(join(SAMPLE_COURSE, 'course.yaml'), 'utf8').replace(/^id: intro-linux$/m, `id: ${COURSE}`);
    await cli('course', 'import', sampleCourseVariant(dir, { 'course.yaml': yaml }));
  });

  afterAll(async () => {
    if (home) await cli('--os-cloud', 'school', 'lab', 'delete', COURSE, '--wait').catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('counts the seconds the file holds, billed ÷ active from them, and keeps them once the lab sleeps', async () => {
    await cli('--os-cloud', 'school', 'lab', 'launch', COURSE, '--wait');
    const month = new Date().toISOString().slice(0, 7);
    // The sandbox's lab machines share one home across labs: start from an empty file (this exec's own stretch is then its first line).
    await cli('--os-cloud', 'school', 'lab', 'exec', COURSE, '--', 'rm', '-f', '.lab-console/activity');
    await cli('--os-cloud', 'school', 'lab', 'exec', COURSE, '--', 'sleep', '3');
    const running = await report(month);
    const file = await cli('--os-cloud', 'school', 'lab', 'exec', COURSE, '--', 'cat', '.lab-console/activity');
    const intervals = parseActivity(file);
    expect(intervals.length).toBeGreaterThanOrEqual(1);
    const bounds = monthBounds(month)!;
    const expected = Math.round(activeSecondsIn(intervals, bounds.from, Date.parse(running.generatedAt)));
    expect(expected).toBeGreaterThanOrEqual(3);
    const row = running.learners[0]!;
    expect(row.activeSeconds).toBe(expected);
    expect(row.wasteRatio).toBeCloseTo(row.runningSeconds / expected, 6);
    expect(running.totals).toMatchObject({ activeSeconds: expected });

    // The text report and the export say the same.
    const text = await cli(
      '--os-cloud',
      'teacher',
      'cohort',
      'report',
      '--course',
      COURSE,
      '--month',
      month,
      '--projects',
      `^${learner(state, 1).projectName}$`,
    );
    expect(text).toMatch(/ACTIVE H/);
    const csvFile = join(dir, 'cohort.csv');
    await cli(
      '--os-cloud',
      'teacher',
      'cohort',
      'export',
      '--course',
      COURSE,
      '--csv',
      csvFile,
      '--projects',
      `^${learner(state, 1).projectName}$`,
    );
    const [head, line] = readFileSync(csvFile, 'utf8').split('\r\n');
    const cells = Object.fromEntries(head!.split(',').map((name, i) => [name, line!.split(',')[i]]));
    expect(Number(cells.activeSecondsMonth)).toBeGreaterThanOrEqual(expected);

    // Suspended: the host cannot be reached, the last figure read stays (not "—", not 0).
    await cli('--os-cloud', 'school', 'lab', 'suspend', COURSE, '--wait');
    const asleep = await report(month);
    expect(asleep.learners[0]!.activeSeconds).toBeGreaterThanOrEqual(expected);
  }, 600_000);
});
