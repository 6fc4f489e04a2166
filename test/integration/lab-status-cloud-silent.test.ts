/**
 * Honest state when the cloud does not answer. A learner launches a lab with the CLI; then the
 * cloud goes silent for this learner — Keystone unreachable, or the password rotated so Keystone
 * refuses the login. `lab status` must not show the stale record as if the cloud had said it: it
 * says first that it could not ask the cloud and why, in words (the technical reason on its own
 * line, and in --json), then the last known state. Browser mode's Lab screen gets the same in its
 * lab view (its cloud's health).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LabStatusOutput, type LabView } from '../../src/shared/labs';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { sampleCourseVariant, SAMPLE_COURSE_DIR } from '../support/course-bundles';
import { writeLabClouds } from '../support/lab-harness';
import { CLI, startServe } from '../support/serve-process';

const COURSE = 'cloud-silent';
const LEARNER = 'learner2';

type Clouds = { clouds: Record<string, { auth: Record<string, unknown> }> };

describeWithSandbox('lab status when the cloud does not answer', (sandbox) => {
  let state: SandboxState;
  let work: string;
  let env: NodeJS.ProcessEnv;

  const learner = (runEnv: NodeJS.ProcessEnv, ...args: string[]): SpawnSyncReturns<string> =>
    spawnSync(process.execPath, [CLI, '--home', join(work, 'learner'), '--os-cloud', 'school', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...runEnv },
      input: '',
      timeout: 180_000,
    });
  const ok = (result: SpawnSyncReturns<string>): SpawnSyncReturns<string> => {
    expect(result.status, result.stderr || result.stdout).toBe(0);
    return result;
  };

  /** The learner's clouds.yaml and secure.yaml with one change, in a folder of their own. */
  function changedClouds(name: string, change: (clouds: Clouds, secure: Clouds) => void): NodeJS.ProcessEnv {
    const clouds = parse(readFileSync(env.OS_CLIENT_CONFIG_FILE!, 'utf8')) as Clouds;
    const secure = parse(readFileSync(env.OS_CLIENT_SECURE_FILE!, 'utf8')) as Clouds;
    change(clouds, secure);
    const dir = join(work, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'clouds.yaml'), stringify(clouds));
    writeFileSync(join(dir, 'secure.yaml'), stringify(secure), { mode: 0o600 });
    return { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml'), OS_CLIENT_SECURE_FILE: join(dir, 'secure.yaml') };
  }

  beforeAll(() => {
    state = sandbox();
    work = mkdtempSync(join(tmpdir(), 'lc-silent-'));
    env = writeLabClouds(state, work, [{ name: 'school', user: LEARNER }]);
    const yaml = readFileSync(join(SAMPLE_COURSE_DIR, 'course.yaml'), 'utf8').replace(/^id: intro-linux$/m, `id: ${COURSE}`);
    ok(learner(env, 'course', 'import', sampleCourseVariant({ 'course.yaml': yaml })));
    ok(learner(env, 'lab', 'launch', COURSE));
  }, 240_000);

  afterAll(() => {
    if (!work) return;
    learner(env, 'lab', 'delete', COURSE);
    rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it('Keystone unreachable: says the cloud is not answering, then the last known state; the errno only as detail', () => {
    const unreachable = changedClouds('unreachable', (clouds) => {
      clouds.clouds.school!.auth.auth_url = 'http://127.0.0.1:9/v3';
    });
    const human = ok(learner(unreachable, 'lab', 'status', COURSE)).stdout;
    const [first = '', advice = ''] = human.split('\n');
    expect(first).toMatch(/^The cloud has not answered since \d\d:\d\d \(last known: Running\)\.$/);
    expect(first + advice).not.toMatch(/ECONNREFUSED|HTTPS?_PROXY/);
    expect(advice).toMatch(/nothing is deleted/);
    expect(human).toMatch(/^ {2}detail: /m);
    expect(human).toMatch(new RegExp(`^${COURSE}: Running — .*\\(Heat state CREATE_COMPLETE\\)$`, 'm'));

    const json = LabStatusOutput.parse(JSON.parse(ok(learner(unreachable, '--json', 'lab', 'status', COURSE)).stdout));
    expect(json.cloud?.problem).toMatchObject({ kind: 'unreachable' });
    expect(json.lab).toMatchObject({ state: 'CREATE_COMPLETE' });
  });

  it('password rotated: says the cloud refused the login and where to fix it', () => {
    const refused = changedClouds('refused', (_clouds, secure) => {
      secure.clouds.school!.auth.password = 'not-the-password';
    });
    const human = ok(learner(refused, 'lab', 'status', COURSE)).stdout;
    const [first = '', advice = ''] = human.split('\n');
    expect(first).toMatch(/^The cloud refused your sign-in \(since \d\d:\d\d\)/);
    expect(advice).toMatch(/Update it in Settings › Clouds/);
    const json = LabStatusOutput.parse(JSON.parse(ok(learner(refused, '--json', 'lab', 'status', COURSE)).stdout));
    expect(json.cloud?.problem).toMatchObject({ kind: 'credentials' });
    expect(json.cloud?.problem?.detail).toMatch(/401/);

    // With the cloud answering again, no such line.
    const fine = LabStatusOutput.parse(JSON.parse(ok(learner(env, '--json', 'lab', 'status', COURSE)).stdout));
    expect(fine.cloud?.problem ?? null).toBeNull();
  });

  it("browser mode's Lab screen hears the same: the lab view carries the cloud's health with the last known lab", async () => {
    ok(learner(env, 'lab', 'keepalive', COURSE));
    const unreachable = changedClouds('unreachable-serve', (clouds) => {
      clouds.clouds.school!.auth.auth_url = 'http://127.0.0.1:9/v3';
    });
    const serve = await startServe(join(work, 'learner'), { ...unreachable, OS_CLOUD: 'school' });
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api?token=${encodeURIComponent(serve.token)}`, {
      origin: `http://127.0.0.1:${serve.port}`,
    });
    try {
      const silent = new Promise<LabView>((resolve) =>
        ws.on('message', (data) => {
          const frame = JSON.parse(String(data)) as {
            event?: string;
            payload?: LabView;
            id?: number;
            result?: { ok: boolean; value?: LabView };
          };
          // The screen hears it in its lab.view answer, or in the lab.changed that follows once the cloud was asked.
          const view = frame.event === 'lab.changed' ? frame.payload : frame.id === 1 && frame.result?.ok ? frame.result.value : undefined;
          if (view?.courseId === COURSE && view.cloud?.problem) resolve(view);
        }),
      );
      await new Promise((resolve) => ws.once('open', resolve));
      ws.send(JSON.stringify({ id: 1, call: 'lab.view', input: { courseId: COURSE } }));
      const view = await Promise.race([
        silent,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no lab.changed with the silence in 30 s')), 30_000)),
      ]);
      expect(view.cloud?.problem).toMatchObject({ kind: 'unreachable' });
      expect(view.lab).toMatchObject({ state: 'CREATE_COMPLETE' });
    } finally {
      ws.close();
      await serve.stop();
    }
  }, 120_000);
});
