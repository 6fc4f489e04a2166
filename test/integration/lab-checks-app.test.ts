/**
 * The app's side of progress checks and hooks against a sandbox lab: the `lab.check` and
 * `lab.checkHistory` calls as the UI makes them, and the course's after-resume hook run by the lab
 * engine when the lab comes back.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkHandlers } from '../../src/core/labs/checks/check-handlers';
import type { SshSession } from '../../src/core/connect/ssh';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { labHarness, sampleCourseVariant, SAMPLE_COURSE, type LabHarness } from '../support/lab-harness';

const COURSE = 'app-checks-lab';
// Every sandbox lab host logs in the same Unix user: files this test writes carry its pid.
const CHECKED = `app-check-${process.pid}.txt`;
const RESUMED = `app-resumed-${process.pid}`;

describeWithSandbox('progress checks and hooks from the app', (sandbox) => {
  let dir: string;
  let harness: LabHarness;
  const handlers = () => checkHandlers(() => harness.service);

  async function onLab<T>(work: (session: SshSession) => Promise<T>): Promise<T> {
    const session = await harness.service.ssh.open(COURSE);
    try {
      return await work(session);
    } finally {
      session.close();
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lc-app-checks-'));
    const yaml = readFileSync(join(SAMPLE_COURSE, 'course.yaml'), 'utf8')
      .replace(/^id: intro-linux$/m, `id: ${COURSE}`)
      .replace('script: hooks/after-resume.sh', 'script: hooks/mark-resumed.sh');
    const course = sampleCourseVariant(dir, {
      'course.yaml': yaml,
      'hooks/mark-resumed.sh': `#!/bin/sh\necho resumed >> "$HOME/${RESUMED}"\n`,
      'checks/hello-file.sh': `#!/bin/sh\ngrep -q hello "$HOME/${CHECKED}" 2>/dev/null || { echo "Write hello into ~/${CHECKED}." >&2; exit 1; }\n`,
      'solve/hello-file.sh': `#!/bin/sh\necho hello > "$HOME/${CHECKED}"\necho "wrote ~/${CHECKED}"\n`,
      'solve/start-ticker.sh': '#!/bin/sh\necho "this solution fails" >&2\nexit 3\n',
    });
    harness = await labHarness({ state: sandbox(), clouds: [{ name: 'school', user: 'learner1' }], course, dir });
    expect((await harness.run('lab.launch', COURSE)).status).toBe('succeeded');
    await onLab((s) => s.exec(`rm -rf ~/${CHECKED} ~/${RESUMED} ~/.lab-console/solved/${COURSE}`));
  });

  afterAll(async () => {
    if (!harness) return;
    await onLab((s) => s.exec(`rm -rf ~/${CHECKED} ~/${RESUMED} ~/.lab-console/solved/${COURSE}`)).catch(() => undefined);
    await harness.run('lab.delete', COURSE);
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lab.check runs a step's checks on the lab, with the hint, and lab.checkHistory gives the runs back newest first", async () => {
    const failed = await handlers()['lab.check']({ courseId: COURSE, stepId: 'meet-your-lab' });
    expect(failed).toMatchObject({ courseId: COURSE, stepId: 'meet-your-lab', passed: 0, total: 1, score: 0, source: 'app' });
    expect(failed.outcomes[0]!.hint).toBe(`Write hello into ~/${CHECKED}.`);

    await onLab((s) => s.exec(`echo hello > ~/${CHECKED}`));
    expect(harness.courses.getProgress(COURSE)['meet-your-lab']).not.toBe('completed');
    const passed = await handlers()['lab.check']({ courseId: COURSE, stepId: 'meet-your-lab' });
    expect(passed).toMatchObject({ passed: 1, total: 1, score: 1 });
    // Every check passing marks the step done.
    expect(harness.courses.getProgress(COURSE)['meet-your-lab']).toBe('completed');

    const history = await handlers()['lab.checkHistory']({ courseId: COURSE, stepId: 'meet-your-lab', limit: 20 });
    expect(history.map((r) => r.id)).toEqual([passed.id, failed.id]);
  });

  it('counts a check as activity: it pushes the idle-suspend deadline', async () => {
    const before = harness.service.store.latestForCourse(COURSE)!.suspendBy!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await handlers()['lab.check']({ courseId: COURSE, stepId: 'meet-your-lab' });
    expect(harness.service.store.latestForCourse(COURSE)!.suspendBy!).toBeGreaterThan(before);
  });

  it('refuses a step without checks, naming it', async () => {
    await expect(handlers()['lab.check']({ courseId: COURSE, stepId: 'where-next' })).rejects.toThrow(
      'Step "where-next" of course "app-checks-lab" has no progress checks',
    );
  });

  it("lab.solve runs the step's solve script, marks it solved on the lab and in the progress, then runs its checks", async () => {
    await onLab((s) => s.exec(`rm -f ~/${CHECKED}`));
    harness.courses.setProgress(COURSE, 'meet-your-lab', 'visited');
    const result = await handlers()['lab.solve']({ courseId: COURSE, stepId: 'meet-your-lab', confirm: true });
    expect(result).toMatchObject({ stepId: 'meet-your-lab', solved: true, exitCode: 0, output: `wrote ~/${CHECKED}` });
    expect(result.checks).toMatchObject({ passed: 1, total: 1 });
    // Solved, not done: the passing checks after it do not make it the learner's own.
    expect(harness.courses.getProgress(COURSE)['meet-your-lab']).toBe('solved');
    const marker = await onLab((s) => s.exec(`ls ~/.lab-console/solved/${COURSE}`));
    expect(marker.stdout.trim()).toBe('meet-your-lab');
  });

  it('a failing solve script leaves the step as it was and says why', async () => {
    const result = await handlers()['lab.solve']({ courseId: COURSE, stepId: 'small-service', confirm: true });
    expect(result).toMatchObject({ solved: false, exitCode: 3, output: 'this solution fails', checks: null });
    expect(harness.courses.getProgress(COURSE)['small-service']).not.toBe('solved');
    await expect(handlers()['lab.solve']({ courseId: COURSE, stepId: 'where-next', confirm: true })).rejects.toThrow(
      'Step "where-next" of course "app-checks-lab" has no solve script',
    );
  });

  it('runs the after-resume hook once the resumed lab answers', { timeout: 300_000 }, async () => {
    expect((await harness.run('lab.suspend', COURSE)).status).toBe('succeeded');
    expect(harness.service.store.latestForCourse(COURSE)!.state).toBe('SUSPEND_COMPLETE');
    expect((await harness.run('lab.resume', COURSE)).status).toBe('succeeded');
    const marker = await onLab((s) => s.exec(`cat ~/${RESUMED}`));
    expect(marker.stdout).toBe('resumed\n');
  });
});
