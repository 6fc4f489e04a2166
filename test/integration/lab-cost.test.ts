/**
 * What a lab costs, against the sandbox: real short sessions (launch, work, suspend, resume,
 * suspend) on a cloud whose clouds.yaml sets per-second rates by flavor, with a course whose flavor
 * parameter selects the rate. The learner's header (`lab.cost`, as the UI calls it), `lab status`
 * and the instructor's `cohort report` each agree to the cent with a computation made here from the
 * same Heat events, at the moment each says it counted to.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/core/cli/cli-main';
import { CourseLibrary } from '../../src/core/courses/course-library';
import { RegistryLabClouds } from '../../src/core/labs/lab-clouds';
import { labHandlers } from '../../src/core/labs/lab-handlers';
import { LabService } from '../../src/core/labs/lab-service';
import { silentLogger } from '../../src/core/log/logger';
import { CloudConfigLoader } from '../../src/core/openstack/clouds-config/cloud-config-loader';
import { CloudRegistry } from '../../src/core/openstack/clouds-config/cloud-registry';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { openDatabase } from '../../src/core/store/database';
import { MemorySecretStore } from '../../src/core/store/secret-store';
import { systemClock } from '../../src/core/time/clock';
import { CohortReport } from '../../src/shared/cohort/cohort-report';
import { LabStatusOutput } from '../../src/shared/labs/lab-status';
import type { StackEvent } from '../../src/shared/openstack/stack';
import { learner, type SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { sampleCourseVariant, SAMPLE_COURSE, writeLabClouds } from '../support/lab-harness';
import { stackStateSeconds } from '../support/stack-state-seconds';
import { connectTo } from './openstack-sandbox';

const COURSE = 'cost-it';
// Per second: 0.02 running and 0.0001 suspended for an m1.large; the lab rate (0.01/s) would be wrong.
const RATES = {
  running_per_hour: 36,
  suspended_per_hour: 0.36,
  currency: 'EUR',
  flavors: {
    'm1.large': { running_per_hour: 72, suspended_per_hour: 0.36 },
    'm1.small': { running_per_hour: 3.6, suspended_per_hour: 0.036 },
  },
};
const LARGE = { running: 72 / 3600, suspended: 0.36 / 3600 };

/** The test's own reading of Heat's events: each stack-level state lasts until the next; suspended and deleted are not running. */
function expectedCost(events: readonly StackEvent[], at: number): { cost: number; runningSeconds: number } {
  const { running, suspended } = stackStateSeconds(events, at);
  return { cost: Math.round((running * LARGE.running + suspended * LARGE.suspended) * 100) / 100, runningSeconds: running };
}

describeWithSandbox('lab cost from Heat events, per flavor, on the sandbox', (sandbox) => {
  let state: SandboxState;
  let dir: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let course: string;
  let heat: OpenStackConnection;

  async function cli(...args: string[]): Promise<string> {
    let out = '';
    let err = '';
    const streams = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };
    const code = await runCli(['--home', home, ...args], { streams, env });
    expect(code, `${args.join(' ')}: ${err}`).toBe(0);
    return out;
  }

  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    state = sandbox();
    dir = mkdtempSync(join(tmpdir(), 'lc-cost-it-'));
    home = join(dir, 'home');
    env = {
      ...process.env,
      ...writeLabClouds(state, dir, [
        { name: 'school', user: 'learner1', rates: RATES },
        { name: 'teacher', user: state.instructor.name, rates: RATES },
      ]),
    };
    const yaml = readFileSync(join(SAMPLE_COURSE, 'course.yaml'), 'utf8')
      .replace(/^id: intro-linux$/m, `id: ${COURSE}`)
      .replace('    wait_secs: 0\n', '    wait_secs: 0\n    flavor: m1.large\n');
    course = sampleCourseVariant(dir, { 'course.yaml': yaml });
    await cli('course', 'import', course);
    heat = await connectTo(state, 'learner1');
  });

  afterAll(async () => {
    if (home) await cli('--os-cloud', 'school', 'lab', 'delete', COURSE, '--wait').catch(() => undefined);
    await heat?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prices launch, work, suspend, resume, suspend alike in the header, lab status and the report', async () => {
    await cli('--os-cloud', 'school', 'lab', 'launch', COURSE, '--wait');
    await cli('--os-cloud', 'school', 'lab', 'exec', COURSE, '--', 'echo', 'working');
    await pause(2_000);
    await cli('--os-cloud', 'school', 'lab', 'suspend', COURSE, '--wait');
    await pause(2_000);
    await cli('--os-cloud', 'school', 'lab', 'resume', COURSE, '--wait');
    await pause(2_000);
    await cli('--os-cloud', 'school', 'lab', 'suspend', COURSE, '--wait');

    // lab status, as the learner runs it.
    const status = LabStatusOutput.parse(JSON.parse(await cli('--json', '--os-cloud', 'school', 'lab', 'status', COURSE)));
    expect(status.lab?.state).toBe('SUSPEND_COMPLETE');
    const stack = { name: status.lab!.stackName, id: status.lab!.stackId! };

    // The header: the lab.cost call of the UI, answered by a lab service over the same data folder and clouds.
    const db = openDatabase({ path: join(home, 'lab-console.db') });
    const registry = new CloudRegistry({
      files: new CloudConfigLoader({ env, cwd: dir, home: dir, systemDirs: [] }),
      secrets: new MemorySecretStore(),
      env,
    });
    const service = new LabService({
      db,
      secrets: new MemorySecretStore(),
      courses: new CourseLibrary({ db, home, clock: systemClock, logger: silentLogger }),
      clouds: new RegistryLabClouds(
        () => registry,
        () => ['school'],
      ),
      clock: systemClock,
    });
    const header = await labHandlers(() => service)['lab.cost']({ courseId: COURSE });
    await service.stop();
    db.close();

    // The instructor's monthly report, narrowed to learner1's project.
    const month = new Date().toISOString().slice(0, 7);
    const report = CohortReport.parse(
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

    const events = await heat.heat.events(stack);
    const statuses = events.filter((e) => e.isStackEvent).map((e) => e.status);
    expect(statuses.filter((s) => s === 'SUSPEND_COMPLETE')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'RESUME_COMPLETE')).toHaveLength(1);

    expect(status.cost?.rate).toMatchObject({
      runningPerHour: 72,
      suspendedPerHour: 0.36,
      currency: 'EUR',
      source: 'cloud',
      flavors: ['m1.large'],
    });
    for (const [who, cost] of [
      ['lab status', status.cost!],
      ['header', header.cost!],
    ] as const) {
      const expected = expectedCost(events, Date.parse(cost.at));
      expect(cost.cost, who).toBe(expected.cost);
      expect(cost.runningSeconds, who).toBe(expected.runningSeconds);
      expect(cost.perHourNow, who).toBe(0.36);
    }
    expect(report.learners).toHaveLength(1);
    const row = report.learners[0]!;
    const expected = expectedCost(events, Date.parse(report.generatedAt));
    expect(row.cost).toBe(expected.cost);
    expect(row.runningSeconds).toBe(Math.round(expected.runningSeconds));
    expect(report.totals.cost).toBe(expected.cost);
    expect(report.currency).toBe('EUR');
    // Running time stopped at the last suspend: all three count the same seconds, and at most the
    // suspended rate's few seconds between them separate their costs (under a cent here).
    expect(header.cost!.runningSeconds).toBe(status.cost!.runningSeconds);
    expect(expected.runningSeconds).toBeGreaterThan(2);
    expect(Math.abs(header.cost!.cost! - status.cost!.cost!)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(row.cost! - status.cost!.cost!)).toBeLessThanOrEqual(0.01);
  }, 600_000);
});
