/**
 * The Lab screen as a newcomer first sees it, against the sandbox: the sample course's steps beside
 * a running lab whose terminal shows what the step's commands print. It checks the page shows both,
 * then saves a screenshot: to test-results/ on every run, and to docs/images/lab-screen.png (the
 * README's picture) only when LAB_CONSOLE_UPDATE_SCREENSHOTS=1, so a test run never changes the tree.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT, startServe, type ServeProcess, stopServe } from '../support/serve-process';
import { learnerCli, learnerEnv, deleteTestLab } from '../support/learner-cli';
import { tempHome } from '../support/temp-home';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const COURSE = 'intro-linux';
const SAMPLE = join(REPO_ROOT, 'assets', 'sample-course');
const UPDATE = process.env.LAB_CONSOLE_UPDATE_SCREENSHOTS === '1';
const SCREENSHOT = UPDATE ? join(REPO_ROOT, 'docs', 'images', 'lab-screen.png') : join(REPO_ROOT, 'test-results', 'lab-screen.png');

describeWithSandbox('the Lab screen of the sample course with a running lab', (sandbox) => {
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const { cli, cliOk } = learnerCli(
    () => home.path,
    () => env,
  );
  const terminal = () => page.locator('.terminal-view:not([hidden])');
  const screenText = (): Promise<string> => terminal().locator('.xterm-rows').innerText();

  beforeAll(async () => {
    const state = sandbox();
    home = tempHome('lc-e2e-screenshot-');
    // A lab is one per learner and course: learner5 keeps clear of the other suites when the sandbox
    // has it; a default sandbox (3 learners) shares learner3, and each suite deletes its lab.
    const learner = state.learners.some((l) => l.name === 'learner5') ? 'learner5' : 'learner3';
    env = learnerEnv(state, home.path, learner);

    await cliOk('course', 'import', SAMPLE);
    await cliOk('lab', 'launch', COURSE, '--wait');
    serve = await startServe(home.path, env);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 800 }, colorScheme: 'light' });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(serve.url);
    await page.goto(`http://127.0.0.1:${serve.port}/#/lab/${COURSE}`);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    // Delete while serve still runs: stopping it first would queue a suspend (quitting suspends running labs) ahead of the delete.
    if (home) {
      await deleteTestLab(cli, COURSE);
    }
    await stopServe(serve);
    home?.remove();
  }, 180_000);

  it('shows the course steps beside a connected terminal that prints what the step asks for', async () => {
    const steps = page.getByRole('region', { name: 'Course steps' });
    await steps.getByRole('heading', { name: 'Introduction to Linux' }).waitFor({ timeout: 30_000 });
    await steps.getByRole('heading', { name: 'Meet your lab' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => steps.getByRole('navigation', { name: 'Steps' }).getByRole('link').count()).toBe(5);
    await page.locator('.lab-controls').getByRole('button', { name: 'Suspend' }).waitFor({ timeout: 30_000 });

    await page.getByRole('tab', { name: 'Terminal' }).click();
    await terminal().getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 30_000 });
    await expect.poll(screenText, { timeout: 15_000 }).toMatch(/\$\s*$/m);
    // The step's first commands, typed as a learner would: each after the prompt of the one before,
    // so no typed-ahead echo mixes into their output.
    const prompts = async (): Promise<number> =>
      (await screenText()).split('\n').filter((row) => /^[\w.-]+@[\w.-]+:\S*\$/.test(row)).length;
    await terminal().locator('.xterm-helper-textarea').focus();
    for (const command of ['whoami', 'hostname', 'pwd', 'echo hello > ~/hello.txt', 'cat ~/hello.txt']) {
      const before = await prompts();
      await page.keyboard.type(command);
      await page.keyboard.press('Enter');
      await expect.poll(prompts, { timeout: 10_000 }).toBe(before + 1);
    }
    await expect.poll(screenText, { timeout: 10_000 }).toMatch(/^hello\s*$/m);

    // The page at rest: no blinking caret or pending paint in the picture.
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.waitForTimeout(300);
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(problems).toEqual([]);
  });
});
