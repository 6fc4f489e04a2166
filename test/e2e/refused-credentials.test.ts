/**
 * Never destroy on doubt. A learner's lab runs on cloud "school"; then a cloud with a WRONG password
 * goes first in Settings › Lab limits. Reset in the browser must prove both clouds it would act on
 * before deleting anything: it is refused at once with one message linking to Settings › Clouds, no
 * "Waiting for the cloud…", and the stack is still there (asked with the reference `openstack` CLI).
 * Then the password of "school" changes (clouds.yaml not updated): `lab-console lab delete` fails at
 * its first attempt, exit 1, saying nothing was deleted, and again the stack is still there.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { JobList } from '../../src/shared/jobs';
import { LabStatusOutput } from '../../src/shared/labs';
import { OpenStackCli } from '../sandbox/reference-cli';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { launchChromium } from '../support/chromium';
import { sampleCourseVariant, SAMPLE_COURSE_DIR } from '../support/course-bundles';
import { writeLabClouds } from '../support/lab-harness';
import { learnerCli } from '../support/learner-cli';
import { startServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

const COURSE = 'refused-credentials';
const LEARNER = 'learner2';

describeWithSandbox('a cloud that refuses the login never costs the learner their lab', (sandbox) => {
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let serve: ServeProcess | undefined;
  let browser: Browser;
  let page: Page;
  let stackName: string;
  let reference: OpenStackCli;
  const { cli, cliOk } = learnerCli(
    () => home.path,
    () => env,
  );

  /** Gives a cloud of the learner's clouds files another password (as after a rotation nobody told the app about). */
  const wrongPasswordFor = (cloud: string): void => {
    const file = env.OS_CLIENT_SECURE_FILE!;
    const secure = parse(readFileSync(file, 'utf8')) as { clouds: Record<string, { auth: { password: string } }> };
    // A copy: the file may share one entry between clouds through a YAML alias.
    const entry = secure.clouds[cloud]!;
    secure.clouds[cloud] = { ...entry, auth: { ...entry.auth, password: 'not-the-password' } };
    writeFileSync(file, stringify(secure), { mode: 0o600 });
  };

  const stackStatus = async (): Promise<string> => {
    const shown = await reference.run(LEARNER, ['stack', 'show', stackName, '-c', 'stack_status', '-f', 'value']);
    return shown.code === 0 ? shown.stdout.trim() : `absent (${shown.stderr.trim()})`;
  };

  const jobTypes = async (): Promise<string[]> => JobList.parse(JSON.parse(await cliOk('--json', 'jobs', 'list'))).jobs.map((j) => j.type);

  beforeAll(async () => {
    state = sandbox();
    reference = new OpenStackCli(state);
    home = tempHome('lc-e2e-refused-');
    env = writeLabClouds(state, home.path, [
      { name: 'school', user: LEARNER },
      { name: 'wrong', user: LEARNER },
    ]);
    wrongPasswordFor('wrong');
    const yaml = readFileSync(join(SAMPLE_COURSE_DIR, 'course.yaml'), 'utf8').replace(/^id: intro-linux$/m, `id: ${COURSE}`);
    await cliOk('course', 'import', sampleCourseVariant({ 'course.yaml': yaml }));
    await cliOk('--os-cloud', 'school', 'lab', 'launch', COURSE);
    stackName = LabStatusOutput.parse(JSON.parse(await cliOk('--os-cloud', 'school', '--json', 'lab', 'status', COURSE))).lab!.stackName;
    // Settings › Lab limits: the cloud with the wrong password first.
    const configFile = join(home.path, 'config.json');
    const config = (existsSync(configFile) ? JSON.parse(readFileSync(configFile, 'utf8')) : {}) as Record<string, unknown>;
    writeFileSync(
      configFile,
      JSON.stringify({
        ...config,
        labClouds: [
          { name: 'wrong', capacity: -1 },
          { name: 'school', capacity: -1 },
        ],
      }),
    );
    serve = await startServe(home.path, env);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(serve.url);
    await page.goto(`http://127.0.0.1:${serve.port}/#/lab/${COURSE}`);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (home) {
      writeLabClouds(state, home.path, [{ name: 'school', user: LEARNER }]);
      const deleted = await cli('--os-cloud', 'school', 'lab', 'delete', COURSE);
      if (deleted.code !== 0) console.warn(`could not delete the test lab: ${deleted.stderr}`);
      home.remove();
    }
  }, 180_000);

  it('Reset is refused at once, nothing deleted, one message with a link to Settings › Clouds', async () => {
    const controls = page.getByLabel('Lab controls');
    await controls.getByRole('status').filter({ hasText: 'Running' }).waitFor({ timeout: 30_000 });
    await controls.getByRole('button', { name: 'Reset…' }).click();
    await controls.getByLabel('Type the course id to confirm').fill(COURSE);
    const asked = Date.now();
    await controls.getByRole('button', { name: 'Reset lab' }).click();

    const message = controls.getByRole('alert');
    await message.filter({ hasText: 'refused' }).waitFor({ timeout: 15_000 });
    const answeredMs = Date.now() - asked;
    expect(answeredMs).toBeLessThan(10_000);
    await expect.poll(() => message.count()).toBe(1);
    const text = await message.innerText();
    expect(text).toContain('Cloud "wrong" refused');
    expect(text).toContain('nothing was deleted');
    expect(text).not.toMatch(/reset the lab/i);
    // Nothing waits on the cloud: no job was started, so no "Waiting for the cloud…" either.
    for (let i = 0; i < 6; i++) {
      expect(await controls.getByText('Waiting for the cloud…').count()).toBe(0);
      await page.waitForTimeout(500);
    }
    await expect(controls.getByRole('status').filter({ hasText: 'Running' }).count()).resolves.toBe(1);
    expect(await jobTypes()).not.toContain('lab.delete');
    expect(await stackStatus()).toBe('CREATE_COMPLETE');

    await controls.locator('.lab-message').getByRole('link', { name: 'Open Settings › Clouds' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/settings$/);
  });

  it('`lab delete` with a password the cloud refuses fails at its first attempt, exit 1, and deletes nothing', async () => {
    wrongPasswordFor('school');
    const started = Date.now();
    const result = await cli('--os-cloud', 'school', 'lab', 'delete', COURSE);
    const tookMs = Date.now() - started;
    expect(result.stderr).toMatch(/^error: Cloud "school" refused Lab Console's login, so nothing was deleted: your lab is as it was\./m);
    expect(result.stderr).toContain('clouds.yaml');
    expect(result.stderr).not.toMatch(/retrying|reset the lab/i);
    expect(result.code).toBe(1);
    expect(tookMs).toBeLessThan(10_000);
    const deletes = JobList.parse(JSON.parse(await cliOk('--json', 'jobs', 'list'))).jobs.filter((j) => j.type === 'lab.delete');
    expect(deletes.map((j) => [j.status, j.attempts, j.error?.kind])).toEqual([['failed', 1, 'cloud-credentials']]);
    expect(await stackStatus()).toBe('CREATE_COMPLETE');
  });
});
