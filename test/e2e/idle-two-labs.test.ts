/**
 * Idle time follows the lab, in Chromium against the sandbox. Two courses (the sample course with a
 * short suspend_timeout) each have a running lab, both launched by the CLI before `lab-console serve`
 * starts and both starting their idle count together. The learner opens the first course's Lab
 * screen and keeps typing in its terminal for longer than the idle timeout: Heat suspends the other
 * lab — never touched — on its deadline, without any click, and the learner finds it Suspended when
 * opening it; the lab typed in stays Running in Heat and on its screen.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LabOperationOutput, LabStatusOutput } from '../../src/shared/labs';
import { OpenStackCli } from '../sandbox/reference-cli';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { launchChromium } from '../support/chromium';
import { sampleCourseVariant, SAMPLE_COURSE_DIR } from '../support/course-bundles';
import { deleteTestLab, learnerCli, learnerEnv } from '../support/learner-cli';
import { startServe, stopServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

const LEARNER = 'learner1';
/** The course whose terminal the learner types in. */
const TYPED = 'idle-typed-in';
/** The course whose lab nobody touches. */
const LEFT = 'idle-left-alone';
/**
 * Long enough for serve and the terminal to start on a loaded machine (~20 s at a load of 14 on 2
 * cores) and leave the 20 s before the deadline the first key must come in.
 */
const IDLE_S = 60;
/** Input more often than the idle timeout by far, and no more often than a live session counts it (5 s). */
const TYPE_EVERY_MS = 5_000;

function idleCourse(id: string): string {
  const yaml = readFileSync(join(SAMPLE_COURSE_DIR, 'course.yaml'), 'utf8')
    .replace(/^id: intro-linux$/m, `id: ${id}`)
    .replace(/^ {4}suspend_timeout: 2m$/m, `    suspend_timeout: ${IDLE_S}s`);
  expect(yaml).toContain(`id: ${id}`);
  expect(yaml).toContain(`suspend_timeout: ${IDLE_S}s`);
  return sampleCourseVariant({ 'course.yaml': yaml });
}

describeWithSandbox('idle time follows the lab: typing in one course keeps only its lab running, in a real browser', (sandbox) => {
  let state: SandboxState;
  let reference: OpenStackCli;
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const stacks: Record<string, string> = {};
  const problems: string[] = [];
  let stopping = false;
  const { cli, cliOk } = learnerCli(
    () => home.path,
    () => env,
  );

  const labUrl = (courseId: string) => `http://127.0.0.1:${serve!.port}/#/lab/${courseId}`;
  const badge = () => page.locator('.lab-controls .lab-badge');
  const badgeSays = (word: string, timeout = 60_000) => expect.poll(() => badge().innerText(), { timeout, interval: 250 }).toBe(word);
  const terminal = () => page.locator('.terminal-view:not([hidden])');
  const screenText = (): Promise<string> => terminal().locator('.xterm-rows').innerText();
  const typeLine = async (line: string): Promise<void> => {
    await terminal().locator('.xterm-helper-textarea').focus();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  };

  const heatStatus = async (courseId: string): Promise<string> => {
    const shown = await reference.run(LEARNER, ['stack', 'show', stacks[courseId]!, '-c', 'stack_status', '-f', 'value']);
    return shown.stdout.trim() || shown.stderr.trim();
  };
  /** Polls Heat (the reference CLI, as the learner) until the course's stack reaches `status`; returns when it did. */
  async function heatReaches(courseId: string, status: string, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const now = await heatStatus(courseId);
      if (now === status) return Date.now();
      if (Date.now() > deadline) throw new Error(`${stacks[courseId]} is ${now}, not ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  const labStatus = async (courseId: string) => LabStatusOutput.parse(JSON.parse(await cliOk('--json', 'lab', 'status', courseId))).lab;

  beforeAll(async () => {
    state = sandbox();
    reference = new OpenStackCli(state);
    home = tempHome('lc-e2e-idle-two-labs-');
    env = learnerEnv(state, home.path, LEARNER);
    for (const courseId of [TYPED, LEFT]) await cliOk('course', 'import', idleCourse(courseId));
    // Both labs at once: the launches are not what this test is about, and each waits on Heat.
    await Promise.all(
      [TYPED, LEFT].map(async (courseId) => {
        const lab = LabOperationOutput.parse(JSON.parse(await cliOk('--json', 'lab', 'launch', courseId))).lab!;
        expect(lab).toMatchObject({ group: 'up', ready: true });
        stacks[courseId] = lab.stackName;
      }),
    );
  }, 300_000);

  afterAll(async () => {
    stopping = true;
    if (problems.length > 0) console.warn(`[e2e idle-two-labs] problems seen:\n${problems.join('\n')}`);
    await browser?.close();
    await stopServe(serve, 20_000);
    if (home) {
      await Promise.all([TYPED, LEFT].map((courseId) => deleteTestLab(cli, courseId)));
      home.remove();
    }
  }, 240_000);

  it('suspends the lab left alone on its idle deadline while the one typed in stays Running, and shows it Suspended', async () => {
    // Chromium starts first: it is no part of the idle count, which it would only shorten.
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // Both labs start their idle count together, before browser mode opens.
    await cliOk('lab', 'keepalive');
    const leftDeadline = (await labStatus(LEFT))!.suspendBy!;
    const typedDeadline = (await labStatus(TYPED))!.suspendBy!;
    expect(Math.abs(leftDeadline - typedDeadline)).toBeLessThan(1_000);
    expect(leftDeadline - Date.now()).toBeGreaterThan((IDLE_S - 10) * 1000);

    serve = await startServe(home.path, env);
    let serveErrors = '';
    serve.child.stderr?.on('data', (chunk: Buffer) => (serveErrors += chunk.toString()));
    serve.child.on('exit', (code, signal) => {
      if (!stopping) problems.push(`lab-console serve exited (${code ?? signal}) during the test: ${serveErrors.slice(-2000)}`);
    });
    await page.goto(serve.url);
    await page.goto(labUrl(TYPED));
    await badgeSays('Running');
    await terminal().getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 60_000 });
    const firstKeyAt = Date.now();
    console.log(`first key ${Math.round((typedDeadline - firstKeyAt) / 1000)} s before the idle deadline`);
    // The learner got to the terminal before the lab typed in would have gone idle.
    expect(firstKeyAt).toBeLessThan(typedDeadline - 20_000);

    // The learner types in the terminal of one course, and only there, until well past both deadlines.
    let typing = true;
    let typed = 0;
    const keys = (async () => {
      while (typing) {
        await typeLine(`echo "typed-$((${++typed}*1))"`);
        await new Promise((resolve) => setTimeout(resolve, TYPE_EVERY_MS));
      }
    })();
    try {
      const suspendedAt = await heatReaches(LEFT, 'SUSPEND_COMPLETE', IDLE_S * 1000 + 120_000);
      console.log(`the lab left alone was suspended in Heat ${Math.round((suspendedAt - leftDeadline) / 1000)} s after its idle deadline`);
      expect(suspendedAt).toBeGreaterThan(leftDeadline);
      expect(suspendedAt - leftDeadline).toBeLessThan(60_000);
      // Past the deadline both labs had, by more than the idle rules take to act, the lab typed in still runs.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, typedDeadline + 20_000 - Date.now())));
      expect(await heatStatus(TYPED)).toBe('CREATE_COMPLETE');
    } finally {
      typing = false;
      await keys;
    }
    // What was typed reached the lab's shell.
    await expect.poll(screenText, { timeout: 15_000 }).toContain(`typed-${typed}`);
    await badgeSays('Running');

    // The learner opens the other course: its lab is Suspended, and stays so (opening it resumes nothing).
    await page.goto(labUrl(LEFT));
    await badgeSays('Suspended');
    await page.waitForTimeout(3_000);
    expect(await badge().innerText()).toBe('Suspended');
    expect(await badge().getAttribute('title')).toContain('SUSPEND_COMPLETE');
    expect(await heatStatus(LEFT)).toBe('SUSPEND_COMPLETE');

    // Back in the course typed in: still Running, in Heat and on its screen.
    await page.goto(labUrl(TYPED));
    await badgeSays('Running');
    expect(await heatStatus(TYPED)).toBe('CREATE_COMPLETE');
    expect(await labStatus(TYPED)).toMatchObject({ group: 'up' });
    expect(await labStatus(LEFT)).toMatchObject({ group: 'down', state: 'SUSPEND_COMPLETE' });
    expect(problems).toEqual([]);
  }, 480_000);
});
