/**
 * The instructor's side of a running lab, against the sandbox's real lab hosts: progress checks
 * run over SSH with the details from the stack's outputs (a check fails, the learner does the step,
 * it passes), host keys pinned per stack, a read-only terminal whose input never reaches the lab,
 * and a learner opening the enrolment file `cohort enrol` wrote.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/core/cli/cli-main';
import { CohortService } from '../../src/core/cohort/cohort-service';
import type { CohortCheckDeps } from '../../src/core/cohort/cohort-checks';
import { cohortLabAccess } from '../../src/core/cohort/cohort-watch';
import { HostKeyPins, SshSession } from '../../src/core/connect/ssh';
import { terminalProtocol } from '../../src/core/connect/ssh/terminal-protocol';
import { silentLogger } from '../../src/core/log/logger';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { openDatabase, type Db } from '../../src/core/store/database';
import { LiveSessions } from '../../src/core/stream/live-sessions';
import type { StreamEndpoint } from '../../src/core/stream/stream-endpoint';
import { systemClock } from '../../src/core/time/clock';
import { CohortListing } from '../../src/shared/cohort/cohort-lab';
import { CourseManifestSchema } from '../../src/shared/course/course-manifest';
import { EnrolmentResult } from '../../src/shared/contract/enrolment-calls';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { connectTo } from './openstack-sandbox';
import { createLab, deleteRunStacks, sampleLab } from './cohort-labs';

const SAMPLE = new URL('../../assets/sample-course/', import.meta.url).pathname;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, test: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await wait(200);
  }
}

/**
 * The sample course with two steps of its own: one check that always passes, one that passes once
 * the learner made a file only this run knows (the sandbox's lab hosts share one Unix user, so a
 * fixed name could be made by another test).
 */
function fixtureCourse(dir: string, id: string, marker: string): void {
  cpSync(SAMPLE, dir, { recursive: true });
  writeFileSync(join(dir, 'checks', 'always.sh'), '#!/bin/sh\nexit 0\n');
  writeFileSync(
    join(dir, 'checks', 'marker.sh'),
    `#!/bin/sh\ntest -f "$HOME/${marker}" || { echo "Create ~/${marker} first." >&2; exit 1; }\n`,
  );
  const course = parseYaml(readFileSync(join(SAMPLE, 'course.yaml'), 'utf8')) as Record<string, unknown>;
  writeFileSync(
    join(dir, 'course.yaml'),
    JSON.stringify({
      ...course,
      id,
      steps: [
        { id: 'meet-your-lab', title: 'Meet your lab', file: 'steps/01-meet-your-lab.md', checks: ['checks/always.sh'] },
        {
          id: 'make-the-file',
          title: 'Make the file',
          file: 'steps/02-files-and-directories.md',
          checks: ['checks/marker.sh'],
          solve: 'solve/hello-file.sh',
        },
        { id: 'read-on', title: 'Read on', file: 'steps/05-where-next.md' },
      ],
    }),
  );
}

describeWithSandbox('cohort: progress checks, read-only terminal and enrolment against real lab hosts', (sandbox) => {
  const run = randomBytes(3).toString('hex');
  const course = `cohort-chk-${run}`;
  const marker = `lc-score-${run}`;
  let state: SandboxState;
  let instructor: OpenStackConnection;
  let learner: OpenStackConnection;
  let home: string;
  let courseDir: string;
  let db: Db;
  let deps: CohortCheckDeps;
  let stackId = '';
  let stackRef = { name: '', id: '' };

  /** The learner's own shell on their lab, as their app would open it (key from the outputs). */
  const asLearner = async (command: string) => {
    const outputs = await learner.heat.outputs(stackRef);
    const session = await SshSession.connect({
      host: String(outputs.public_ip),
      port: Number(outputs.ssh_port),
      username: String(outputs.user),
      auth: { privateKey: String(outputs.private_key) },
      hostKey: { kind: 'pinned', pins: new HostKeyPins(openDatabase({ path: ':memory:' }), systemClock), stackId, connection: 'terminal' },
    });
    try {
      return await session.exec(command);
    } finally {
      session.close();
    }
  };

  beforeAll(async () => {
    state = sandbox();
    home = mkdtempSync(join(tmpdir(), 'lc-cohort-checks-'));
    courseDir = join(home, 'course');
    fixtureCourse(courseDir, course, marker);
    db = openDatabase({ path: join(home, 'app.db') });
    deps = {
      manifest: () => CourseManifestSchema.parse(JSON.parse(readFileSync(join(courseDir, 'course.yaml'), 'utf8'))),
      findManifest: () => deps.manifest(course),
      courseDir: () => courseDir,
      pins: new HostKeyPins(db, systemClock),
      logger: silentLogger,
    };
    instructor = await connectTo(state, 'instructor');
    learner = await connectTo(state, 'learner1');
    const stack = await createLab(learner, course, run, await sampleLab(state), { parameters: { run: course } });
    stackRef = stack.ref;
    stackId = stack.ref.id;
  }, 240_000);

  afterAll(async () => {
    await asLearner(`rm -f ~/${marker} ~/lc-watch-${run}-*`).catch(() => undefined);
    await deleteRunStacks(learner, run);
    await Promise.all([instructor?.close(), learner?.close()]);
    db?.close();
    rmSync(home, { recursive: true, force: true });
  }, 240_000);

  it('scores a lab from its checks over SSH: the check fails, the learner does the step, it passes; the host key is pinned per stack', async () => {
    const cohort = new CohortService({ connection: instructor, local: { checks: deps } });
    const before = await cohort.list(course, { cohort: 'sandbox' }, undefined, { checks: true });
    const row = before.labs.find((l) => l.stackId === stackId)!;
    expect(row.scoreDetail?.error).toBeUndefined();
    expect(row).toMatchObject({ score: 0.5, scoreDetail: { passed: 1, total: 2 } });
    expect(row.scoreDetail!.steps).toEqual([
      { stepId: 'meet-your-lab', title: 'Meet your lab', passed: 1, total: 1 },
      { stepId: 'make-the-file', title: 'Make the file', passed: 0, total: 1 },
    ]);
    const failing = cohort.scoreOf(stackId)!.steps[1]!.outcomes[0]!;
    expect(failing).toMatchObject({ script: 'checks/marker.sh', passed: false, hint: `Create ~/${marker} first.` });

    await asLearner(`touch ~/${marker}`);
    const [after] = await cohort.check(cohort.labsById([stackId]));
    expect(after).toMatchObject({ passed: 2, total: 2, score: 1 });
    // A refresh keeps the score (Heat does not), without running the checks again.
    expect((await cohort.list(course, { cohort: 'sandbox' })).labs.find((l) => l.stackId === stackId)).toMatchObject({ score: 1 });

    const pins = deps.pins.listForStack(stackId);
    expect(pins.map((p) => p.connection)).toEqual(['terminal']);
    expect(pins[0]!.fingerprint).toMatch(/^SHA256:/);
  });

  it('`cohort list --scores` prints passed/total per lab and per step', async () => {
    const cli = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['--home', join(home, 'cli-home'), '--os-cloud', 'instructor', ...args], {
        streams: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
        env: { OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml, OS_CLIENT_SECURE_FILE: state.files.secureYaml },
      });
      return { code, stdout, stderr };
    };
    const imported = await cli('course', 'import', courseDir);
    expect(imported.code, imported.stderr).toBe(0);
    const human = await cli('cohort', 'list', '--course', course, '--scores');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^learner1 .*2\/2 \(100%\)/m);
    expect(human.stdout).toMatch(/✓ make-the-file: 1\/1/);
    const json = await cli('--json', 'cohort', 'list', '--course', course, '--scores');
    const listing = CohortListing.parse(JSON.parse(json.stdout));
    expect(listing.labs.find((l) => l.stackId === stackId)).toMatchObject({ score: 1, scoreDetail: { passed: 2, total: 2 } });
  });

  it('`cohort list --scores` says "solved" for a step the course\'s solution did, from its marker on the lab', async () => {
    // What the learner's app leaves on the lab after running the step's solve script.
    await asLearner(`mkdir -p ~/.lab-console/solved/${course} && date +%s > ~/.lab-console/solved/${course}/make-the-file`);
    try {
      const cohort = new CohortService({ connection: instructor, local: { checks: deps } });
      const listing = await cohort.list(course, { cohort: 'sandbox' }, undefined, { checks: true });
      expect(listing.labs.find((l) => l.stackId === stackId)!.scoreDetail!.steps).toEqual([
        { stepId: 'meet-your-lab', title: 'Meet your lab', passed: 1, total: 1 },
        { stepId: 'make-the-file', title: 'Make the file', passed: 1, total: 1, solved: true },
      ]);
      const cliHome = join(home, 'cli-home');
      let stdout = '';
      const code = await runCli(['--home', cliHome, '--os-cloud', 'instructor', 'cohort', 'list', '--course', course, '--scores'], {
        streams: { stdout: (t) => void (stdout += t), stderr: () => undefined },
        env: { OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml, OS_CLIENT_SECURE_FILE: state.files.secureYaml },
      });
      expect(code).toBe(0);
      expect(stdout).toMatch(/~ make-the-file: 1\/1 solved \(by its solve script\)/);
      expect(stdout).toMatch(/✓ meet-your-lab: 1\/1\n/);
    } finally {
      await asLearner(`rm -rf ~/.lab-console/solved/${course}`);
    }
  });

  it('a read-only terminal shows the lab’s output and never delivers what the viewer types', async () => {
    const cohort = new CohortService({ connection: instructor, local: { checks: deps } });
    await cohort.scan(course, { cohort: 'sandbox' }, { events: false });
    const [lab] = cohort.labsById([stackId]);
    const terminals = new LiveSessions({
      protocols: { terminal: terminalProtocol({ pins: deps.pins }) },
      labs: { resolve: async () => Promise.reject(new Error('not the learner’s app')), state: async () => 'other' },
      emitStatus: () => undefined,
      logger: silentLogger,
    });
    const open = (readOnly: boolean) => {
      const received: Buffer[] = [];
      const endpoint: StreamEndpoint = {
        sendData: (b) => received.push(Buffer.from(b)),
        sendControl: () => undefined,
        close: () => undefined,
      };
      const { sessionId } = terminals.open(
        { kind: 'terminal', courseId: course, connection: 'terminal', cols: 80, rows: 24 },
        { labs: cohortLabAccess(lab!, deps.manifest(course)), readOnly },
      );
      const stream = terminals.attach(sessionId, endpoint)!;
      return { sessionId, stream, output: () => Buffer.concat(received).toString('utf8') };
    };
    const exists = async (name: string) => (await asLearner(`test -e ~/${name} && echo yes || echo no`)).stdout.trim() === 'yes';
    try {
      const viewer = open(true);
      await until('the read-only shell’s first output', async () => viewer.output().length > 0);
      viewer.stream.receive({ t: 'input', data: `touch ~/lc-watch-${run}-viewer\r` });
      viewer.stream.receive(JSON.stringify({ t: 'input', data: `touch ~/lc-watch-${run}-viewer\r` }));

      // The same keystrokes in a terminal that is not read-only do reach the lab: the path works.
      const control = open(false);
      await until('the control shell’s first output', async () => control.output().length > 0);
      control.stream.receive({ t: 'input', data: `touch ~/lc-watch-${run}-control\r` });
      await until('the control’s file', () => exists(`lc-watch-${run}-control`));
      await wait(500);
      expect(await exists(`lc-watch-${run}-viewer`)).toBe(false);
      expect(viewer.output()).not.toContain(`lc-watch-${run}-viewer`);
    } finally {
      terminals.closeAll();
    }
  });

  it('a learner opens the file `cohort enrol` wrote: the cloud works and the course is imported from beside it', async () => {
    const instructorCli = async (...args: string[]) =>
      runCli(['--home', join(home, 'instructor-home'), '--os-cloud', 'instructor', ...args], {
        streams: { stdout: () => undefined, stderr: () => undefined },
        env: { OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml, OS_CLIENT_SECURE_FILE: state.files.secureYaml },
      });
    const out = join(home, 'enrol');
    mkdirSync(out, { recursive: true });
    expect(await instructorCli('course', 'pack', courseDir, '--output', join(out, 'course.tar.gz'))).toBe(0);
    writeFileSync(join(home, 'learners.csv'), 'username,project\nlearner1,lab-learner1\n');
    expect(
      await instructorCli(
        'cohort',
        'enrol',
        '--learners',
        join(home, 'learners.csv'),
        '--course',
        course,
        '--bundle',
        'course.tar.gz',
        '--out',
        out,
      ),
    ).toBe(0);

    // The learner's machine: no clouds.yaml, only what the enrolment brings.
    const learnerHome = join(home, 'learner-home');
    const learnerCli = async (env: NodeJS.ProcessEnv, ...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['--home', learnerHome, ...args], {
        streams: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
        env: { OS_CLIENT_CONFIG_FILE: join(home, 'none.yaml'), ...env },
      });
      return { code, stdout, stderr };
    };
    const file = join(out, 'learner1.lab-enrol.json');
    const wrong = await learnerCli({ OS_PASSWORD: 'not-the-password' }, 'enrol', file);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/did not accept learner1/);

    const enrolled = await learnerCli({ OS_PASSWORD: state.learners[0]!.password }, '--json', 'enrol', file);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    expect(EnrolmentResult.parse(JSON.parse(enrolled.stdout))).toMatchObject({
      cloud: 'instructor',
      courseId: course,
      course: 'imported',
      defaultCloud: true,
    });

    const check = await learnerCli({}, 'cloud', 'check');
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/authenticated as learner1 in project lab-learner1/);
    const courses = await learnerCli({}, '--json', 'course', 'list');
    expect(courses.stdout).toContain(course);
    // The password is in the secret store, not in the settings file.
    expect(readFileSync(join(learnerHome, 'config.json'), 'utf8')).not.toContain(state.learners[0]!.password);
  });
});
