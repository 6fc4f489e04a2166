/**
 * Records follow the cloud. A learner launches a lab with the CLI; the instructor then suspends it
 * with `lab-console cohort suspend`, later deletes it with `cohort delete`. The learner's next
 * `lab exec` and `lab status` (the built CLI, new processes, no `lab reconcile` in between) must
 * read Heat first: exec is refused saying the lab is suspended, then that it is gone; status shows
 * Suspended, then Deleted.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LabStatusOutput } from '../../src/shared/labs';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { sampleCourseVariant, SAMPLE_COURSE_DIR } from '../support/course-bundles';
import { writeLabClouds } from '../support/lab-harness';
import { CLI } from '../support/serve-process';

const COURSE = 'follows-cloud';
const LEARNER = 'learner1';

describeWithSandbox("a learner's lab records follow what the instructor did in the cloud", (sandbox) => {
  let state: SandboxState;
  let work: string;
  let env: NodeJS.ProcessEnv;

  const run = (home: string, runEnv: NodeJS.ProcessEnv, args: readonly string[]): SpawnSyncReturns<string> =>
    spawnSync(process.execPath, [CLI, '--home', home, ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...runEnv },
      input: '',
      timeout: 180_000,
    });
  const learner = (...args: string[]) => run(join(work, 'learner'), env, ['--os-cloud', 'school', ...args]);
  const instructor = (...args: string[]) =>
    run(join(work, 'instructor'), { OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml, OS_CLIENT_SECURE_FILE: state.files.secureYaml }, [
      '--os-cloud',
      'instructor',
      ...args,
    ]);
  const ok = (result: SpawnSyncReturns<string>): SpawnSyncReturns<string> => {
    expect(result.status, result.stderr || result.stdout).toBe(0);
    return result;
  };
  const status = () => LabStatusOutput.parse(JSON.parse(ok(learner('--json', 'lab', 'status', COURSE)).stdout)).lab!;

  beforeAll(() => {
    state = sandbox();
    work = mkdtempSync(join(tmpdir(), 'lc-follow-'));
    env = writeLabClouds(state, work, [{ name: 'school', user: LEARNER }]);
    const yaml = readFileSync(join(SAMPLE_COURSE_DIR, 'course.yaml'), 'utf8').replace(/^id: intro-linux$/m, `id: ${COURSE}`);
    ok(learner('course', 'import', sampleCourseVariant({ 'course.yaml': yaml })));
    ok(learner('lab', 'launch', COURSE));
  }, 240_000);

  afterAll(() => {
    if (!work) return;
    learner('lab', 'delete', COURSE);
    rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it("exec and status see the instructor's suspend at once: exec is refused saying suspended, status says Suspended", () => {
    expect(ok(learner('lab', 'exec', COURSE, '--', 'echo', 'before')).stdout).toBe('before\n');
    ok(instructor('cohort', 'suspend', '--course', COURSE, '--learner', `lab-${LEARNER}`));

    const refused = learner('lab', 'exec', COURSE, '--', 'echo', 'after');
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `error: The lab of course "${COURSE}" is suspended: resume it with \`lab-console lab resume ${COURSE}\`, then try again.\n`,
    );
    expect(refused.status).toBe(255);

    // The instructor's suspend may still be running in Heat: the record follows it to the end.
    const deadline = Date.now() + 60_000;
    while (status().state !== 'SUSPEND_COMPLETE' && Date.now() < deadline) spawnSync('sleep', ['1']);
    expect(status()).toMatchObject({ state: 'SUSPEND_COMPLETE', group: 'down', ready: false });
    expect(ok(learner('lab', 'status', COURSE)).stdout).toMatch(
      new RegExp(`^${COURSE}: Suspended — .*\\(Heat state SUSPEND_COMPLETE\\)$`, 'm'),
    );
  });

  it("exec and status see the instructor's delete at once: exec is refused saying the lab is gone, status says Deleted", () => {
    ok(instructor('cohort', 'delete', '--course', COURSE, '--learner', `lab-${LEARNER}`, '--yes'));

    const refused = learner('lab', 'exec', COURSE, '--', 'echo', 'after');
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      new RegExp(`^error: The lab of course "${COURSE}" is not running: it is gone, the cloud no longer has it`),
    );
    expect(refused.stderr).toContain(`lab-console lab launch ${COURSE}`);
    expect(refused.status).toBe(255);
    expect(status()).toMatchObject({ state: 'DELETE_COMPLETE', stackId: null });
    expect(ok(learner('lab', 'status', COURSE)).stdout).toMatch(
      new RegExp(`^${COURSE}: Deleted — .*\\(Heat state DELETE_COMPLETE\\)$`, 'm'),
    );
  });
});
