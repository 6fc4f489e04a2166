/**
 * Assisting a learner against the sandbox's real Keystone, Heat and lab hosts: the instructor's
 * read-write shell (their own token on the learner's project) writes on the lab, keeps the assist
 * marker there with who and since while it is open and removes it when it closes; the learner's
 * terminal, over its one SSH login, sees the marker within one check and sees it go; the assist is
 * in the instructor's log; a user without a role on the project is refused by Keystone, and
 * nothing is opened, written or logged.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AssistLog } from '../../src/core/cohort/assist-log';
import { AssistRefusedError, openAssist } from '../../src/core/cohort/cohort-assist';
import { targetFromOutputs } from '../../src/core/cohort/cohort-connections';
import { CohortService } from '../../src/core/cohort/cohort-service';
import { ASSIST_MARKER, HostKeyPins, SshSession } from '../../src/core/connect/ssh';
import { terminalProtocol } from '../../src/core/connect/ssh/terminal-protocol';
import { silentLogger } from '../../src/core/log/logger';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { openDatabase, type Db } from '../../src/core/store/database';
import { AssistNotices } from '../../src/core/stream/assist-notices';
import { LiveSessions } from '../../src/core/stream/live-sessions';
import type { StreamEndpoint } from '../../src/core/stream/stream-endpoint';
import { systemClock } from '../../src/core/time/clock';
import type { AssistNotice } from '../../src/shared/cohort/assist';
import { CourseManifestSchema, type CourseManifest } from '../../src/shared/course/course-manifest';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { connectTo } from './openstack-sandbox';
import { createLab, deleteRunStacks, sampleLab } from './cohort-labs';

const SAMPLE = new URL('../../assets/sample-course/', import.meta.url).pathname;
const CHECK_MS = 1000;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, test: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await wait(100);
  }
}

describeWithSandbox('assisting a learner: read-write shell, marker, the learner’s notice, log, refusal', (sandbox) => {
  const run = randomBytes(3).toString('hex');
  const course = `assist-${run}`;
  let state: SandboxState;
  let instructor: OpenStackConnection;
  let learner: OpenStackConnection;
  let outsider: OpenStackConnection;
  let home: string;
  let db: Db;
  let manifest: CourseManifest;
  let stackId = '';
  let stackRef = { name: '', id: '' };
  let projectId = '';

  /** A shell command on the lab host, as the learner (the sandbox's lab hosts share one Unix user). */
  const onLab = async (command: string) => {
    const outputs = await learner.heat.outputs(stackRef);
    const session = await SshSession.connect({
      host: String(outputs.public_ip),
      port: Number(outputs.ssh_port),
      username: String(outputs.user),
      auth: { privateKey: String(outputs.private_key) },
      hostKey: { kind: 'pinned', pins: new HostKeyPins(openDatabase({ path: ':memory:' }), systemClock), stackId, connection: 'terminal' },
    });
    try {
      return (await session.exec(command)).stdout;
    } finally {
      session.close();
    }
  };
  const markerText = () => onLab(`cat ~/${ASSIST_MARKER} 2>/dev/null || true`);

  const endpoint = () => {
    const received: Buffer[] = [];
    const stream: StreamEndpoint = { sendData: (b) => received.push(Buffer.from(b)), sendControl: () => undefined, close: () => undefined };
    return { stream, output: () => Buffer.concat(received).toString('utf8') };
  };

  beforeAll(async () => {
    state = sandbox();
    home = mkdtempSync(join(tmpdir(), 'lc-cohort-assist-'));
    const courseDir = join(home, 'course');
    cpSync(SAMPLE, courseDir, { recursive: true });
    const yaml = parseYaml(readFileSync(join(SAMPLE, 'course.yaml'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(courseDir, 'course.yaml'), JSON.stringify({ ...yaml, id: course }));
    manifest = CourseManifestSchema.parse(JSON.parse(readFileSync(join(courseDir, 'course.yaml'), 'utf8')));
    db = openDatabase({ path: join(home, 'app.db') });
    instructor = await connectTo(state, 'instructor');
    learner = await connectTo(state, 'learner1');
    outsider = await connectTo(state, 'learner2');
    const stack = await createLab(learner, course, run, await sampleLab(state), { parameters: { run: course } });
    stackRef = stack.ref;
    stackId = stack.ref.id;
    projectId = state.learners[0]!.projectId;
    await onLab(`rm -f ~/${ASSIST_MARKER}`);
  }, 240_000);

  afterAll(async () => {
    await onLab(`rm -f ~/${ASSIST_MARKER} ~/lc-assist-${run}`).catch(() => undefined);
    await deleteRunStacks(learner, run);
    await Promise.all([instructor?.close(), learner?.close(), outsider?.close()]);
    db?.close();
    rmSync(home, { recursive: true, force: true });
  }, 240_000);

  const checks = () => ({
    manifest: () => manifest,
    findManifest: () => manifest,
    courseDir: () => join(home, 'course'),
    pins: new HostKeyPins(db, systemClock),
    logger: silentLogger,
  });

  it('opens a read-write shell that writes on the lab, keeps the marker with who and since, and the learner’s one login sees it come and go', async () => {
    // The learner's app: one terminal into their lab, which looks for the marker every CHECK_MS over its own login.
    const notices: AssistNotice[] = [];
    const assistNotices = new AssistNotices({ emit: (n) => notices.push(n), logger: silentLogger, intervalMs: CHECK_MS });
    let learnerLogins = 0;
    const learnerApp = new LiveSessions({
      protocols: {
        terminal: terminalProtocol({
          pins: new HostKeyPins(openDatabase({ path: ':memory:' }), systemClock),
          connect: (options) => {
            learnerLogins++;
            return SshSession.connect(options);
          },
        }),
      },
      labs: {
        resolve: async (_course, connection) => targetFromOutputs(manifest, connection, await learner.heat.outputs(stackRef), stackId),
        state: async () => 'up',
      },
      ownCompanion: ({ sessionId, courseId }) => assistNotices.companionFor(sessionId, courseId),
      emitStatus: () => undefined,
      logger: silentLogger,
    });
    const learnerTerminal = learnerApp.open({ kind: 'terminal', courseId: course, connection: 'terminal', cols: 80, rows: 24 });
    const learnerView = endpoint();
    learnerApp.attach(learnerTerminal.sessionId, learnerView.stream);
    await until('the learner’s shell', () => learnerView.output().length > 0);

    // The instructor's app.
    const instructorApp = new LiveSessions({
      protocols: { terminal: terminalProtocol({ pins: new HostKeyPins(db, systemClock) }) },
      labs: { resolve: async () => Promise.reject(new Error('not the learner’s app')), state: async () => 'other' },
      emitStatus: () => undefined,
      logger: silentLogger,
    });
    const log = new AssistLog(db, systemClock);
    const cohort = new CohortService({ connection: instructor, local: { checks: checks() } });
    try {
      const opened = await openAssist(
        cohort,
        { sessions: instructorApp, log, clock: systemClock, logger: silentLogger, refreshMs: 500 },
        { courseId: course, stackId, projectId, cols: 80, rows: 24 },
      );
      expect(opened.by).toBe('instructor');
      const view = endpoint();
      const attached = instructorApp.attach(opened.sessionId, view.stream)!;
      await until('the assist shell’s first output', () => view.output().length > 0);

      // The marker: who and since, on the lab host.
      await until('the marker on the lab', async () => (await markerText()).length > 0);
      const seenAt = Date.now();
      expect(JSON.parse(await markerText())).toMatchObject({ by: 'instructor', since: opened.since });

      // What the instructor types reaches the lab.
      attached.receive({ t: 'input', data: `touch ~/lc-assist-${run}\r` });
      await until(
        'the file the instructor made',
        async () => (await onLab(`test -e ~/lc-assist-${run} && echo yes || true`)).trim() === 'yes',
      );

      // The learner's terminal sees it within one check (plus the time one look takes), over the login it had.
      await until('the learner’s notice', () => notices.some((n) => n.assist?.by === 'instructor'), CHECK_MS + 3000);
      console.log(`learner saw the marker ${Date.now() - seenAt} ms after it was on the lab (checks every ${CHECK_MS} ms)`);
      expect(assistNotices.current(course)).toEqual({ courseId: course, assist: { by: 'instructor', since: opened.since } });
      expect(log.ofLab(course, stackId)).toMatchObject([
        { by: 'instructor', learner: 'learner1', projectId, projectName: expect.any(String), stackName: stackRef.name, endedAt: null },
      ]);

      // The marker is rewritten while the shell is open (its time on the host moves).
      const modified = async () => Number((await onLab(`stat -c %Y ~/${ASSIST_MARKER}`)).trim());
      const first = await modified();
      await until('the marker rewritten', async () => (await modified()) > first, 5000);

      // Closing the shell removes the marker, ends the log's entry, and the learner's notice goes.
      instructorApp.close(opened.sessionId);
      await until('the marker removed', async () => (await markerText()) === '');
      await until('the learner’s notice gone', () => notices.at(-1)?.assist === null, CHECK_MS + 3000);
      const [entry] = log.ofLab(course, stackId);
      expect(entry!.endedAt).not.toBeNull();
      expect(Date.parse(entry!.endedAt!)).toBeGreaterThanOrEqual(Date.parse(entry!.startedAt));
      expect(learnerLogins).toBe(1);

      // A marker left by an app that went away (not rewritten for over 2 minutes) counts as gone.
      await onLab(
        `mkdir -p ~/.lab-console && echo '{"id":"leftover0001","by":"someone","since":"2026-01-01T00:00:00Z"}' > ~/${ASSIST_MARKER} && touch -d '-3 minutes' ~/${ASSIST_MARKER}`,
      );
      await wait(CHECK_MS * 2 + 500);
      expect(assistNotices.current(course).assist).toBeNull();
      await onLab(`rm -f ~/${ASSIST_MARKER}`);
    } finally {
      instructorApp.closeAll();
      learnerApp.closeAll();
    }
  });

  it('refuses a user without a role on the learner’s project: Keystone says no, nothing is opened, written or logged', async () => {
    const sessions = new LiveSessions({
      protocols: { terminal: terminalProtocol({ pins: new HostKeyPins(db, systemClock) }) },
      labs: { resolve: async () => Promise.reject(new Error('not the learner’s app')), state: async () => 'other' },
      emitStatus: () => undefined,
      logger: silentLogger,
    });
    const log = new AssistLog(db, systemClock);
    const before = log.ofLab(course, stackId).length;
    const cohort = new CohortService({ connection: outsider, local: { checks: checks() } });
    const attempt = openAssist(
      cohort,
      { sessions, log, clock: systemClock, logger: silentLogger },
      { courseId: course, stackId, projectId, cols: 80, rows: 24 },
    );
    await expect(attempt).rejects.toBeInstanceOf(AssistRefusedError);
    await expect(attempt).rejects.toThrow(/refused learner2 on the project .* cannot assist in this lab/);
    expect(sessions.size).toBe(0);
    expect(log.ofLab(course, stackId)).toHaveLength(before);
    expect(await markerText()).toBe('');
  });
});
