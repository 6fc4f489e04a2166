/**
 * Browser mode watches every lab of its data folder, not only those it launched. A lab launched by
 * the CLI (a course whose suspend_timeout is 8 s) must be suspended in Heat by `lab-console serve`
 * without any click: when serve starts over a folder whose lab is already past its idle deadline,
 * and when serve started over a folder without labs and the CLI launches one later. And a change
 * another process makes to a lab reaches browser mode's screens.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LabOperationOutput, LabStatusOutput, type LabView } from '../../src/shared/labs';
import { OpenStackCli } from '../sandbox/reference-cli';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { sampleCourseVariant, SAMPLE_COURSE_DIR } from '../support/course-bundles';
import { writeLabClouds } from '../support/lab-harness';
import { learnerCli } from '../support/learner-cli';
import { startServe, type ServeProcess } from '../support/serve-process';

const SUSPEND_TIMEOUT_S = 8;
/**
 * The idle timeout of the two-lab test: long enough for browser mode to start and the first activity
 * ping to arrive on a loaded machine (serve starts in a few seconds, ~10 s at a load of 14 on 2 cores).
 */
const IDLE_S = 40;

function idleCourse(id: string, suspendTimeout = `${SUSPEND_TIMEOUT_S}s`): string {
  const yaml = readFileSync(join(SAMPLE_COURSE_DIR, 'course.yaml'), 'utf8')
    .replace(/^id: intro-linux$/m, `id: ${id}`)
    .replace(/^ {4}suspend_timeout: 2m$/m, `    suspend_timeout: ${suspendTimeout}`);
  expect(yaml).toContain(`suspend_timeout: ${suspendTimeout}`);
  return sampleCourseVariant({ 'course.yaml': yaml });
}

describeWithSandbox('browser mode suspends idle labs it did not launch', (sandbox) => {
  let state: SandboxState;
  let reference: OpenStackCli;
  const work: string[] = [];
  const serves: ServeProcess[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];

  /** A learner's data folder with idle courses imported (the first one by default); the CLI on it. */
  async function learnerFolder(learner: string, courses: string | string[], suspendTimeout?: string) {
    const [course = ''] = typeof courses === 'string' ? [courses] : courses;
    const dir = mkdtempSync(join(tmpdir(), 'lc-serve-watch-'));
    work.push(dir);
    const home = join(dir, 'home');
    const env = { ...writeLabClouds(state, dir, [{ name: 'school', user: learner }]), LAB_CONSOLE_LAB_CLOUDS: 'school' };
    const cli = learnerCli(
      () => home,
      () => env,
    );
    for (const id of typeof courses === 'string' ? [courses] : courses) {
      await cli.cliOk('course', 'import', idleCourse(id, suspendTimeout));
      cleanups.push(() => cli.cli('lab', 'delete', id));
    }
    const status = async (id = course) => LabStatusOutput.parse(JSON.parse(await cli.cliOk('--json', 'lab', 'status', id)));
    const launch = async (id = course): Promise<{ stackName: string; suspendBy: number }> => {
      // The lab as the launch left it (a later look may already find it suspended by a watching serve).
      const lab = LabOperationOutput.parse(JSON.parse(await cli.cliOk('--json', 'lab', 'launch', id))).lab!;
      expect(lab).toMatchObject({ group: 'up', ready: true });
      return { stackName: lab.stackName, suspendBy: lab.suspendBy! };
    };
    return { home, env, cli, launch, status };
  }

  /** Polls Heat (the reference CLI, as the learner) until the stack reaches `status`; returns when it did. */
  async function heatReaches(learner: string, stackName: string, status: string, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const shown = await reference.run(learner, ['stack', 'show', stackName, '-c', 'stack_status', '-f', 'value']);
      if (shown.stdout.trim() === status) return Date.now();
      if (Date.now() > deadline) throw new Error(`${stackName} is ${shown.stdout.trim() || shown.stderr.trim()}, not ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  // The four tests run at once: each has its own data folder, serve and course ids (so its own
  // stacks), and each spends most of its time waiting on an idle deadline or on Heat; one after the
  // other they took ~116 s of the serial integration run.
  beforeAll(() => {
    state = sandbox();
    reference = new OpenStackCli(state);
  });

  afterAll(async () => {
    for (const serve of serves) {
      const stopped = await Promise.race([serve.stop().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 40_000))]);
      if (!stopped) serve.child.kill('SIGKILL');
    }
    await Promise.all(cleanups.map((cleanup) => cleanup().catch(() => undefined)));
    for (const dir of work) rmSync(dir, { recursive: true, force: true });
  }, 240_000);

  it.concurrent(
    'serve started over a lab already past its idle deadline suspends it in Heat at once',
    async () => {
      const folder = await learnerFolder('learner1', 'serve-idle-before');
      const { stackName, suspendBy } = await folder.launch();
      // The CLI's one-shot commands do not watch: the lab is still up past its deadline.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, suspendBy - Date.now()) + 2_000));
      expect((await reference.run('learner1', ['stack', 'show', stackName, '-c', 'stack_status', '-f', 'value'])).stdout.trim()).toBe(
        'CREATE_COMPLETE',
      );

      const started = Date.now();
      serves.push(await startServe(folder.home, folder.env));
      const suspendedAt = await heatReaches('learner1', stackName, 'SUSPEND_COMPLETE', 120_000);
      console.log(`suspended ${Math.round((suspendedAt - started) / 1000)} s after serve started`);
    },
    240_000,
  );

  it.concurrent(
    'serve started over a folder without labs suspends the lab the CLI launches later, on its idle deadline',
    async () => {
      const folder = await learnerFolder('learner3', 'serve-idle-after');
      serves.push(await startServe(folder.home, folder.env));
      // serve runs with no lab; now the learner launches one from the command line.
      const { stackName, suspendBy } = await folder.launch();
      const suspendedAt = await heatReaches('learner3', stackName, 'SUSPEND_COMPLETE', SUSPEND_TIMEOUT_S * 1000 + 60_000);
      // Not before its deadline (nobody said it was idle earlier), and not long after it.
      expect(suspendedAt).toBeGreaterThan(suspendBy);
      console.log(`suspended ${Math.round((suspendedAt - suspendBy) / 1000)} s after its idle deadline`);
      expect(suspendedAt - suspendBy).toBeLessThan(60_000);
    },
    240_000,
  );

  it.concurrent(
    'a lab another process changed reaches the screens of browser mode as lab.changed',
    async () => {
      const folder = await learnerFolder('learner2', 'serve-sees-cli', '1h');
      const { stackName } = await folder.launch();
      const serve = await startServe(folder.home, folder.env);
      serves.push(serve);
      const events = labEvents(serve, 'serve-sees-cli');
      try {
        // The instructor suspends the stack; the learner's CLI sees it (lab status follows the cloud) and records it.
        await reference.run('learner2', ['stack', 'suspend', stackName]);
        await heatReaches('learner2', stackName, 'SUSPEND_COMPLETE', 60_000);
        expect((await folder.status()).lab).toMatchObject({ state: 'SUSPEND_COMPLETE' });
        // serve never talked to Heat about it: only the data folder changed, under it.
        const seen = await events.until((view) => view.lab?.state === 'SUSPEND_COMPLETE', 15_000);
        expect(seen.lab).toMatchObject({ stackName, group: 'down' });
      } finally {
        events.close();
      }
    },
    240_000,
  );

  it.concurrent(
    'activity in one lab keeps only that lab running: the other is suspended on its deadline and billed no more',
    async () => {
      const folder = await learnerFolder('learner1', ['idle-typed-in', 'idle-left-alone'], `${IDLE_S}s`);
      // Both at once: their launches are not what this test is about.
      const [typed, left] = await Promise.all([folder.launch('idle-typed-in'), folder.launch('idle-left-alone')]);
      // Both labs start their idle count together, before browser mode opens.
      await folder.cli.cliOk('lab', 'keepalive');
      const deadline = Date.now() + IDLE_S * 1000;
      const serve = await startServe(folder.home, folder.env);
      serves.push(serve);
      const api = apiSocket(serve);
      const leftSeen = labEvents(serve, 'idle-left-alone');
      let pinging = true;
      try {
        // The learner works in the screen of one course: the UI's activity pings carry that course.
        const pings = (async () => {
          while (pinging) {
            expect(await api.call('activity.ping', { source: 'ui', courseId: 'idle-typed-in' })).toEqual({ ok: true, value: { ok: true } });
            await new Promise((resolve) => setTimeout(resolve, 3_000));
          }
        })();
        const suspendedAt = await heatReaches('learner1', left.stackName, 'SUSPEND_COMPLETE', IDLE_S * 1000 + 90_000);
        console.log(`the lab left alone was suspended ${Math.round((suspendedAt - deadline) / 1000)} s after its idle deadline`);
        expect(suspendedAt).toBeGreaterThan(deadline);
        // The ledger bills one running lab once the app holds the other one down: as many seconds of lab
        // time as seconds go by, not twice as many. The 20 s it is measured over also cover the wait below.
        // (Heard from serve itself: asking the CLI would make it look at the cloud and record the suspend in serve's place.)
        await leftSeen.until((view) => view.lab?.group === 'down', 30_000);
        const before = { at: Date.now(), hours: (await folder.status()).usage.runningHours };
        // Past the deadline both labs had, the one worked in still runs.
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline + 15_000 - Date.now())));
        expect(
          (await reference.run('learner1', ['stack', 'show', typed.stackName, '-c', 'stack_status', '-f', 'value'])).stdout.trim(),
        ).toBe('CREATE_COMPLETE');
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, before.at + 20_000 - Date.now())));
        const after = { at: Date.now(), hours: (await folder.status()).usage.runningHours };
        const billedPerSecond = ((after.hours - before.hours) * 3600_000) / (after.at - before.at);
        console.log(`${billedPerSecond.toFixed(2)} s of lab time billed per second`);
        expect(billedPerSecond).toBeGreaterThan(0.6);
        expect(billedPerSecond).toBeLessThan(1.4);
        expect((await folder.status('idle-left-alone')).lab).toMatchObject({ group: 'down' });
        expect((await folder.status('idle-typed-in')).lab).toMatchObject({ group: 'up' });
        pinging = false;
        await pings;
      } finally {
        pinging = false;
        api.close();
        leftSeen.close();
      }
    },
    300_000,
  );
});

/** The lab.changed events of one course that browser mode sends to a tab, as its WebSocket receives them. */
function labEvents(serve: ServeProcess, courseId: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api?token=${encodeURIComponent(serve.token)}`, {
    origin: `http://127.0.0.1:${serve.port}`,
  });
  const views: LabView[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { event?: string; payload?: LabView };
    if (frame.event === 'lab.changed' && frame.payload?.courseId === courseId) views.push(frame.payload);
  });
  return {
    async until(wanted: (view: LabView) => boolean, timeoutMs: number): Promise<LabView> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = views.find(wanted);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no such lab.changed in ${timeoutMs} ms; got ${JSON.stringify(views.map((v) => v.lab?.state))}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    close: () => ws.close(),
  };
}

/** Calls of the app's API over browser mode's WebSocket, as the page makes them. */
function apiSocket(serve: ServeProcess) {
  const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api?token=${encodeURIComponent(serve.token)}`, {
    origin: `http://127.0.0.1:${serve.port}`,
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const answers = new Map<number, (result: unknown) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (frame.id !== undefined) answers.get(frame.id)?.(frame.result);
  });
  let next = 1;
  return {
    async call(call: string, input: unknown): Promise<unknown> {
      await opened;
      const id = next++;
      const answer = new Promise<unknown>((resolve) => answers.set(id, resolve));
      ws.send(JSON.stringify({ id, call, input }));
      return answer;
    },
    close: () => ws.close(),
  };
}
