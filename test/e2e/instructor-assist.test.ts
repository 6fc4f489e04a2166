/**
 * Assisting a learner in real browsers against the sandbox: the learner (learner2) runs the sample
 * course's lab in their own `lab-console serve` with its own data folder and has its Terminal open;
 * the instructor, in a second `serve` with theirs, opens the lab's detail on the Instructor screen,
 * opens the read-write assist shell and types a command. The command runs on the learner's lab,
 * the learner's screen says "Your instructor is connected" (its terminals look every second here,
 * LAB_CONSOLE_ASSIST_CHECK_MS; 30 s by default), the lab's detail lists the assist, and when the
 * instructor stops, the notice goes.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { launchChromium } from '../support/chromium';
import { deleteTestLab, learnerCli, learnerEnv } from '../support/learner-cli';
import { REPO_ROOT, startServe, stopServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

const COURSE = 'intro-linux';
const SAMPLE = join(REPO_ROOT, 'assets', 'sample-course');

describeWithSandbox('an instructor assists a learner: read-write shell from the lab’s detail, the learner sees the notice', (sandbox) => {
  const run = randomBytes(3).toString('hex');
  const file = `lc-e2e-assist-${run}`;
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let learnerHome: string;
  let instructorHome: string;
  let env: NodeJS.ProcessEnv;
  let learnerServe: ServeProcess;
  let instructorServe: ServeProcess;
  let browser: Browser;
  let learnerPage: Page;
  let instructorPage: Page;

  const learner = learnerCli(
    () => learnerHome,
    () => env,
  );

  const screenOf = (terminal: Locator) => () => terminal.locator('.xterm-rows').innerText();
  const typeInto = async (page: Page, terminal: Locator, line: string) => {
    await terminal.locator('.xterm-helper-textarea').focus();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  };

  beforeAll(async () => {
    state = sandbox();
    home = tempHome('lc-e2e-assist-');
    learnerHome = join(home.path, 'learner');
    instructorHome = join(home.path, 'instructor');
    mkdirSync(learnerHome, { recursive: true });
    mkdirSync(instructorHome, { recursive: true });
    // learner2: the terminal suite uses learner3, others learner1.
    env = learnerEnv(state, learnerHome, 'learner2');
    await learner.cliOk('course', 'import', SAMPLE);
    await learner.cliOk('lab', 'launch', COURSE, '--wait');
    learnerServe = await startServe(learnerHome, { ...env, LAB_CONSOLE_ASSIST_CHECK_MS: '1000' });

    // The instructor's machine: their own data folder, the course in their library, their own cloud login.
    const instructorEnv = {
      OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml,
      OS_CLIENT_SECURE_FILE: state.files.secureYaml,
      OS_CLOUD: 'instructor',
    };
    await learnerCli(
      () => instructorHome,
      () => instructorEnv,
    ).cliOk('course', 'import', SAMPLE);
    instructorServe = await startServe(instructorHome, instructorEnv);

    browser = await launchChromium();
    // Two pages, two browser contexts: each server's token stays with its own page.
    learnerPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    instructorPage = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopServe(instructorServe);
    await stopServe(learnerServe);
    if (learnerHome) await deleteTestLab(learner.cli, COURSE);
    home?.remove();
  }, 180_000);

  it('the learner has their lab’s Terminal open', async () => {
    await learnerPage.goto(learnerServe.url);
    await learnerPage.goto(`http://127.0.0.1:${learnerServe.port}/#/lab/${COURSE}`);
    await learnerPage.getByRole('tab', { name: 'Terminal' }).click();
    const terminal = learnerPage.locator('.terminal-view:not([hidden])');
    await terminal.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 30_000 });
    expect(await learnerPage.getByTestId('assist-notice').count()).toBe(0);
  });

  it('the instructor opens the read-write assist shell from the lab’s detail and types a command that runs on the learner’s lab', async () => {
    await instructorPage.goto(instructorServe.url);
    await instructorPage.goto(`http://127.0.0.1:${instructorServe.port}/#/instructor/${COURSE}`);
    const learnerButton = instructorPage.getByRole('button', { name: 'learner2', exact: true });
    await learnerButton.waitFor({ timeout: 90_000 });
    await learnerButton.click();
    const detail = instructorPage.getByRole('complementary', { name: 'Lab of learner2' });
    await expect.poll(() => detail.getByTestId('assist-log').count(), { timeout: 10_000 }).toBe(1);
    await detail.getByRole('button', { name: 'Assist (read-write shell)' }).click();

    const shell = detail.locator('.cohort-assist');
    await shell.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 30_000 });
    // xterm draws only while it is on screen, and the shell sits below the lab's facts.
    await shell.locator('.terminal-host').scrollIntoViewIfNeeded();
    await expect.poll(screenOf(shell), { timeout: 15_000 }).toMatch(/\$\s*$/m);
    await typeInto(instructorPage, shell, `echo "from-the-instructor-$((6*7))" > ~/${file}; echo "done-$((6*7))"`);
    await expect.poll(screenOf(shell), { timeout: 10_000 }).toContain('done-42');
    expect(await detail.textContent()).toContain('You are typing in the lab of learner2 as instructor.');
  });

  it('the learner’s screen says "Your instructor is connected", and the learner’s shell sees what the instructor wrote', async () => {
    const notice = learnerPage.getByTestId('assist-notice');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toMatch(/Your instructor is connected — instructor, since/);
    const terminal = learnerPage.locator('.terminal-view:not([hidden])');
    await typeInto(learnerPage, terminal, `cat ~/${file}`);
    await expect.poll(screenOf(terminal), { timeout: 10_000 }).toContain('from-the-instructor-42');
  });

  it('the lab’s detail lists the assist, and stopping it ends the entry and takes the learner’s notice away', async () => {
    const detail = instructorPage.getByRole('complementary', { name: 'Lab of learner2' });
    const log = detail.getByTestId('assist-log');
    await expect.poll(() => log.locator('li').first().textContent(), { timeout: 10_000 }).toMatch(/^instructor since /);
    await detail.getByRole('button', { name: 'Stop assisting' }).click();
    await expect.poll(() => log.locator('li').first().textContent(), { timeout: 10_000 }).toMatch(/^instructor from .+ to /);
    await expect.poll(() => learnerPage.getByTestId('assist-notice').count(), { timeout: 10_000 }).toBe(0);
    const terminal = learnerPage.locator('.terminal-view:not([hidden])');
    await typeInto(learnerPage, terminal, `rm -f ~/${file}`);
  });
});
