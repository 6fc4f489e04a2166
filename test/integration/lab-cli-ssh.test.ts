/**
 * `lab-console lab exec / ssh / check` and the course's hooks, driven as a user drives them: the
 * built CLI (`node bin/lab-console.js`, run `npm run build` first) against labs launched on the
 * sandbox, with the lab's key from its stack outputs and the host key pinned in the CLI's store.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CheckHistory } from '../../src/core/labs/checks/check-history';
import { openDatabase } from '../../src/core/store/database';
import { LabCheckOutput } from '../../src/shared/labs/check-calls';
import { LabStatusOutput } from '../../src/shared/labs';
import { rotateHostKey } from '../sandbox/lab-control';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { sampleCourseVariant, SAMPLE_COURSE_DIR } from '../support/course-bundles';
import { writeLabClouds } from '../support/lab-harness';
import { CLI } from '../support/serve-process';

// Every sandbox lab host logs in the same Unix user: files this test writes carry its pid.
const tag = `${process.pid}`;
const CHECKED = `cli-check-${tag}.txt`;
const MARKER = `cli-hook-marker-${tag}`;
const COURSE = 'cli-ssh-lab';
const FAILING = 'cli-hook-fails';

function courseVariant(id: string, hook: { name: string; body: string }, extra: Record<string, string> = {}): string {
  const yaml = readFileSync(join(SAMPLE_COURSE_DIR, 'course.yaml'), 'utf8')
    .replace(/^id: intro-linux$/m, `id: ${id}`)
    .replace(/^ {2}hooks:\n/m, `  hooks:\n    before_suspend: hooks/${hook.name}\n`);
  return sampleCourseVariant({ 'course.yaml': yaml, [`hooks/${hook.name}`]: hook.body, ...extra });
}

describeWithSandbox('lab-console lab exec / ssh / check and course hooks', (sandbox) => {
  let state: SandboxState;
  let work: string;
  let home: string;
  let env: NodeJS.ProcessEnv;

  function cli(args: readonly string[], input?: string): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [CLI, '--home', home, '--os-cloud', 'school', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      input: input ?? '',
      timeout: 180_000,
    });
  }

  function ok(args: readonly string[]): SpawnSyncReturns<string> {
    const result = cli(args);
    expect(result.stderr + result.stdout).not.toMatch(/^error:/m);
    expect(result.status).toBe(0);
    return result;
  }

  const labStatus = (course: string) => LabStatusOutput.parse(JSON.parse(ok(['--json', 'lab', 'status', course]).stdout)).lab;

  beforeAll(() => {
    state = sandbox();
    work = mkdtempSync(join(tmpdir(), 'lc-cli-ssh-'));
    home = join(work, 'home');
    env = writeLabClouds(state, work, [{ name: 'school', user: 'learner3' }]);
    const check = `#!/bin/sh\ngrep -q hello "$HOME/${CHECKED}" 2>/dev/null || { echo "Write hello into ~/${CHECKED}." >&2; exit 1; }\n`;
    const saving = courseVariant(
      COURSE,
      { name: 'save-marker.sh', body: `#!/bin/sh\necho "saved before suspend" > "$HOME/${MARKER}"\n` },
      { 'checks/hello-file.sh': check },
    );
    const failing = courseVariant(FAILING, { name: 'broken.sh', body: '#!/bin/sh\necho "could not save the database" >&2\nexit 3\n' });
    ok(['course', 'import', saving]);
    ok(['course', 'import', failing]);
    ok(['lab', 'launch', COURSE]);
    ok(['lab', 'exec', COURSE, '--', 'rm', '-f', `./${CHECKED}`, `./${MARKER}`]);
  });

  afterAll(() => {
    if (!home) return;
    for (const course of [COURSE, FAILING]) cli(['lab', 'delete', course]);
    rmSync(work, { recursive: true, force: true });
  });

  it('exec prints the remote stdout and stderr and exits with the remote status', () => {
    const result = cli(['lab', 'exec', COURSE, '--', 'sh', '-c', 'echo "to stdout"; echo "to stderr" >&2; exit 3']);
    expect(result.stdout).toBe('to stdout\n');
    expect(result.stderr).toBe('to stderr\n');
    expect(result.status).toBe(3);
    expect(cli(['lab', 'exec', COURSE, '--', 'true']).status).toBe(0);
  });

  it('exec runs one argument as a shell command line and passes standard input through', () => {
    expect(cli(['lab', 'exec', COURSE, '--', 'echo $((6 * 7)) | tr 4 x']).stdout).toBe('x2\n');
    const piped = cli(['lab', 'exec', COURSE, '--', 'wc', '-l'], 'one\ntwo\nthree\n');
    expect(piped.stdout.trim()).toBe('3');
    expect(piped.status).toBe(0);
  });

  it('exec exits 255 with a one-line message when lab-console itself cannot run the command, 2 for bad input', () => {
    const noLab = cli(['lab', 'exec', FAILING, '--', 'true']);
    expect(noLab.status).toBe(255);
    expect(noLab.stderr).toMatch(
      /^error: The lab of course "cli-hook-fails" is not running: it has not been launched\. Launch or resume it first\.\n$/,
    );
    // A course that is not in the library is bad input: exit 2, as in every lab command.
    const noCourse = cli(['lab', 'exec', 'no-such-course', '--', 'true']);
    expect(noCourse.status).toBe(2);
    expect(noCourse.stderr.trim().split('\n')).toHaveLength(1);
    expect(noCourse.stderr).toContain('no-such-course');
  });

  it('ssh refuses clearly when standard input is not a terminal, and runs a shell in a real one', () => {
    const piped = cli(['lab', 'ssh', COURSE], 'exit 0\n');
    expect(piped.status).toBe(255);
    expect(piped.stderr).toContain('lab ssh needs an interactive terminal, and standard input is not one');
    expect(piped.stderr).toContain(`lab-console lab exec ${COURSE} -- COMMAND`);

    // script(1) gives the CLI a pseudo-terminal, as a terminal emulator would; -e returns its status.
    const line = [process.execPath, CLI, '--home', home, '--os-cloud', 'school', 'lab', 'ssh', COURSE].map((a) => `'${a}'`).join(' ');
    const tty = spawnSync('script', ['-qec', line, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, ...env, TERM: 'xterm-256color' },
      input: 'stty size; echo "answer-$((6 * 7))"; exit 7\n',
      timeout: 60_000,
    });
    expect(tty.stdout).toContain('answer-42');
    expect(tty.status).toBe(7);
  });

  it('ssh sizes the remote PTY like the terminal and resizes it when the window changes (SIGWINCH)', () => {
    // The lab host runs on this machine: the remote shell drops a file once it has read its first size,
    // and only then is the local terminal resized, so the second size can only come from SIGWINCH.
    const shared = mkdtempSync(join(tmpdir(), 'lc-winch-'));
    chmodSync(shared, 0o777);
    const ready = join(shared, 'ready');
    const line = [process.execPath, CLI, '--home', home, '--os-cloud', 'school', 'lab', 'ssh', COURSE].map((a) => `'${a}'`).join(' ');
    const resize = `(while [ ! -e '${ready}' ]; do sleep 0.1; done; stty cols 120 rows 40 < /dev/tty) &`;
    const tty = spawnSync('script', ['-qec', `stty cols 100 rows 30; ${resize} ${line}`, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, ...env, TERM: 'xterm-256color' },
      input: `echo "first $(stty size)"; touch '${ready}'; while [ "$(stty size)" = "30 100" ]; do sleep 0.1; done; echo "then $(stty size)"; exit 0\n`,
      timeout: 60_000,
    });
    rmSync(shared, { recursive: true, force: true });
    expect(tty.stdout).toContain('first 30 100');
    expect(tty.stdout).toContain('then 40 120');
    expect(tty.status).toBe(0);
  });

  it('check fails with the hint and exit 1, then passes with exit 0 once the learner did the step, and keeps the history', () => {
    const failed = cli(['lab', 'check', COURSE, '--step', 'meet-your-lab']);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('FAIL  checks/hello-file.sh');
    expect(failed.stdout).toContain(`hint: Write hello into ~/${CHECKED}.`);
    expect(failed.stdout).toContain('Score: 0 of 1 checks pass (0 %).');

    ok(['lab', 'exec', COURSE, '--', `echo hello > ~/${CHECKED}`]);
    const passed = cli(['--json', 'lab', 'check', COURSE, '--step', 'meet-your-lab']);
    expect(passed.status).toBe(0);
    const output = LabCheckOutput.parse(JSON.parse(passed.stdout));
    expect(output).toMatchObject({ courseId: COURSE, passed: 1, total: 1, score: 1 });
    expect(output.runs[0]!.outcomes[0]).toMatchObject({ script: 'checks/hello-file.sh', passed: true });

    const db = openDatabase({ path: join(home, 'lab-console.db') });
    try {
      const history = new CheckHistory(db).list(COURSE, { stepId: 'meet-your-lab' });
      expect(history.map((r) => [r.passed, r.total, r.source])).toEqual([
        [1, 1, 'cli'],
        [0, 1, 'cli'],
      ]);
      expect(history[1]!.outcomes[0]!.hint).toBe(`Write hello into ~/${CHECKED}.`);
    } finally {
      db.close();
    }
  });

  it('check of the whole course runs every step that has checks and exits 1 unless all pass', () => {
    const all = cli(['--json', 'lab', 'check', COURSE]);
    const output = LabCheckOutput.parse(JSON.parse(all.stdout));
    expect(output.runs.map((r) => r.stepId)).toEqual(['meet-your-lab', 'files-and-directories', 'processes', 'small-service']);
    expect(all.status).toBe(output.passed === output.total ? 0 : 1);
    const unknown = cli(['lab', 'check', COURSE, '--step', 'where-next']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('has no progress checks');
  });

  it('runs the before-suspend hook on the lab: its marker is there after the resume', { timeout: 300_000 }, () => {
    const before = cli(['lab', 'exec', COURSE, '--', `test -e ~/${MARKER}`]);
    expect({ status: before.status, stderr: before.stderr }).toEqual({ status: 1, stderr: '' });
    const suspended = ok(['lab', 'suspend', COURSE]);
    expect(suspended.stderr).not.toContain('warning:');
    expect(labStatus(COURSE)?.state).toBe('SUSPEND_COMPLETE');

    const whileSuspended = cli(['lab', 'exec', COURSE, '--', 'true']);
    expect(whileSuspended.status).toBe(255);
    expect(whileSuspended.stderr).toContain(`is suspended: resume it with \`lab-console lab resume ${COURSE}\``);

    ok(['lab', 'resume', COURSE]);
    const marker = cli(['lab', 'exec', COURSE, '--', `cat ~/${MARKER}`]);
    expect({ status: marker.status, stdout: marker.stdout, stderr: marker.stderr }).toEqual({
      status: 0,
      stdout: 'saved before suspend\n',
      stderr: '',
    });
  });

  it('a failing hook is reported as a warning and does not block the suspend', { timeout: 300_000 }, () => {
    ok(['lab', 'launch', FAILING]);
    const suspended = cli(['lab', 'suspend', FAILING]);
    expect(suspended.status).toBe(0);
    expect(suspended.stderr).toContain(
      "warning: The course's before suspend script hooks/broken.sh exited with status 3: could not save the database. The lab is suspended anyway.",
    );
    expect(labStatus(FAILING)?.state).toBe('SUSPEND_COMPLETE');
  });

  it('exec and check refuse a lab whose host key changed, with the warning and exit 255', async () => {
    const stackId = labStatus(COURSE)?.stackId;
    expect(stackId).toBeTruthy();
    ok(['lab', 'exec', COURSE, '--', 'rm', '-f', `./${CHECKED}`, `./${MARKER}`]);
    await rotateHostKey(state, stackId!);
    const exec = cli(['lab', 'exec', COURSE, '--', 'true']);
    expect(exec.status).toBe(255);
    expect(exec.stderr).toMatch(/^error: WARNING: the host key of 127\.0\.0\.1:\d+ has changed since it was first seen for this lab/);
    expect(exec.stderr.trim().split('\n')).toHaveLength(1);
    const check = cli(['lab', 'check', COURSE, '--step', 'meet-your-lab']);
    expect(check.status).toBe(255);
    expect(check.stderr).toContain('has changed since it was first seen');
  });
});
