/**
 * The lab clock and checks that move the course on, end to end against the sandbox: a variant of
 * the sample course (its own id, its own files on the shared lab home, a short idle timeout) is
 * launched as learner1, `lab-console serve` serves the UI and Chromium uses it as a learner would.
 * An extension moves the end of the session; a hint is revealed on demand; passing checks mark the
 * step done and offer Next; the course's solution runs only after a confirmation and the step is
 * then "solved", also in the instructor's `cohort list --scores`; the idle clock counts down while
 * nothing happens, and "Keep running" moves it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { sampleCourseVariant } from '../support/course-bundles';
import { learnerCli, learnerEnv } from '../support/learner-cli';
import { REPO_ROOT, startServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const COURSE = 'e2e-moves-on';
const RUN = `${process.pid}-${Date.now().toString(36)}`;
/** Every file this test leaves on the lab home (shared by every sandbox lab) is its own. */
const HELLO = `hello-${RUN}.txt`;
const SOLVED = `solved-${RUN}.txt`;
/** Idle suspend after 100 s: the notice comes 60 s before, so 40 s of doing nothing show it. */
const IDLE_SECONDS = 100;

function courseVariant(): string {
  const read = (path: string): string => readFileSync(join(REPO_ROOT, 'assets', 'sample-course', path), 'utf8');
  const yaml = read('course.yaml')
    .replace('id: intro-linux\n', `id: ${COURSE}\n`)
    .replace('    suspend_timeout: 2m\n', `    suspend_timeout: ${IDLE_SECONDS}s\n`)
    // The web page is another test's; without its tab no forward to port 8080 is opened.
    .replace('    - {service: Web page, title: My web page}\n', '');
  expect(yaml).toContain(`suspend_timeout: ${IDLE_SECONDS}s`);
  return sampleCourseVariant({
    'course.yaml': yaml,
    'checks/hello-file.sh': read('checks/hello-file.sh').replaceAll('hello.txt', HELLO),
    'solve/hello-file.sh': read('solve/hello-file.sh').replaceAll('hello.txt', HELLO),
    'checks/ticker-running.sh': `#!/bin/sh\n[ -f "$HOME/${SOLVED}" ] || { echo "Run the ticker first." >&2; exit 1; }\n`,
    'solve/start-ticker.sh': `#!/bin/sh\necho solved > "$HOME/${SOLVED}"\necho "The ticker runs."\n`,
  });
}

/** "1:02:03" or "1:42" in seconds. */
const seconds = (text: string): number => text.split(':').reduce((total, part) => total * 60 + Number(part), 0);

describeWithSandbox('the lab clock and checks that move the course on, in a real browser against the sandbox', (sandbox) => {
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let instructorHome: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let courseDir: string;
  const { cli, cliOk } = learnerCli(
    () => home.path,
    () => env,
  );

  const stepUrl = (step: string) => `http://127.0.0.1:${serve.port}/#/lab/${COURSE}/${step}`;
  const clock = () => page.getByRole('timer', { name: 'Lab clock' });
  const clockText = () => clock().innerText();
  const sessionLeft = async (): Promise<number> => seconds(/\(in ([\d:]+)\)/.exec(await clockText())?.[1] ?? '0');
  const idleLeft = async (): Promise<number | null> => {
    const match = /Idle: suspends in ([\d:]+)/.exec(await clockText());
    return match ? seconds(match[1]!) : null;
  };
  const terminal = () => page.locator('.terminal-view:not([hidden])');
  const stepArticle = () => page.locator('article');

  beforeAll(async () => {
    state = sandbox();
    home = tempHome('lc-e2e-moves-on-');
    env = learnerEnv(state, home.path, 'learner1');
    courseDir = courseVariant();
    await cliOk('course', 'import', courseDir);
    await cliOk('lab', 'launch', COURSE, '--wait');
    serve = await startServe(home.path, env);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
    await page.goto(serve.url);
    await page.goto(stepUrl('meet-your-lab'));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (home) {
      await cli('lab', 'exec', COURSE, '--', 'sh', '-c', `rm -rf ~/${HELLO} ~/${SOLVED} ~/.lab-console/solved/${COURSE}`).catch(
        () => undefined,
      );
      const deleted = await cli('lab', 'delete', COURSE, '--wait');
      if (deleted.code !== 0) console.warn(`could not delete the test lab: ${deleted.stderr}`);
      home.remove();
    }
    instructorHome?.remove();
  }, 180_000);

  it('moves the end of the session by one extension, counted and shown', async () => {
    await expect.poll(clockText, { timeout: 30_000 }).toMatch(/Session ends \d\d:\d\d \(in 3:5\d:\d\d\)/);
    expect(await clockText()).toContain('Extended 0 of 2 times');
    const before = await sessionLeft();
    await clock().getByRole('button', { name: 'Extend by 1 h' }).click();
    await expect.poll(clockText).toContain('Extended 1 of 2 times');
    const after = await sessionLeft();
    expect(after - before).toBeGreaterThan(3600 - 30);
    expect(after - before).toBeLessThanOrEqual(3600);
  });

  it('reveals the hints of a check one at a time, on demand', async () => {
    const hints = stepArticle().getByRole('list', { name: 'Hints' });
    expect(await hints.count()).toBe(0);
    await stepArticle().getByRole('button', { name: 'Show a hint (2 left)' }).click();
    await expect.poll(() => hints.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining('Your home folder is ~')]);
    await stepArticle().getByRole('button', { name: 'Show another hint (1 left)' }).click();
    await expect.poll(() => hints.getByRole('listitem').count()).toBe(2);
    await stepArticle().getByText('That was the last hint.').waitFor();
  });

  it('marks the step done when every check passes, and offers Next; the button says what the step text says', async () => {
    expect(await stepArticle().innerText()).toContain('Check my progress');
    await terminal().getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 60_000 });
    await terminal().locator('.xterm-helper-textarea').focus();
    await page.keyboard.type(`echo hello > ~/${HELLO}`);
    await page.keyboard.press('Enter');
    await stepArticle().getByRole('button', { name: 'Check my progress' }).click();
    await stepArticle().getByText('Step done.').waitFor({ timeout: 60_000 });
    await stepArticle().getByRole('button', { name: '✓ Done — undo' }).waitFor();
    await stepArticle().getByRole('link', { name: 'Next step →' }).click();
    await page.waitForURL(/#\/lab\/e2e-moves-on\/files-and-directories$/);
  });

  it("runs the course's solution only after a confirmation; the step is then solved, not done", async () => {
    await page.goto(stepUrl('small-service'));
    await stepArticle().getByRole('button', { name: 'Solve this step for me…' }).click();
    await stepArticle().getByRole('button', { name: 'Cancel' }).click();
    expect(await cli('lab', 'exec', COURSE, '--', 'sh', '-c', `test -f ~/${SOLVED}`)).toMatchObject({ code: 1 });
    await stepArticle().getByRole('button', { name: 'Solve this step for me…' }).click();
    await stepArticle().getByText("Run this step's solution on your lab?").waitFor();
    await stepArticle().getByRole('button', { name: 'Run the solution' }).click();
    await stepArticle().getByText('Solved by the course\u2019s solution', { exact: true }).first().waitFor({ timeout: 60_000 });
    await stepArticle().getByText('Step solved by the course\u2019s solution.').waitFor();
    expect(await stepArticle().getByRole('button', { name: 'Mark step as done' }).count()).toBe(0);
    expect(await cli('lab', 'exec', COURSE, '--', 'sh', '-c', `test -f ~/${SOLVED}`)).toMatchObject({ code: 0 });
  });

  it('shows the solved step as solved in the instructor\u2019s `cohort list --scores`', async () => {
    instructorHome = tempHome('lc-e2e-moves-on-instructor-');
    const learner = state.learners.find((l) => l.name === 'learner1')!;
    const instructorEnv = {
      OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml,
      OS_CLIENT_SECURE_FILE: state.files.secureYaml,
      OS_CLOUD: 'instructor',
    };
    const { cliOk: instructorCli } = learnerCli(
      () => instructorHome.path,
      () => instructorEnv,
    );
    await instructorCli('course', 'import', courseDir);
    const listing = await instructorCli('cohort', 'list', '--course', COURSE, '--projects', `^${learner.projectName}$`, '--scores');
    expect(listing).toMatch(/✓ meet-your-lab: 1\/1\n/);
    expect(listing).toMatch(/~ small-service: 1\/1 solved/);
  });

  it('counts the idle time down while nothing happens, and "Keep running" moves it back', async () => {
    await expect.poll(idleLeft, { timeout: 30_000 }).not.toBeNull();
    const first = (await idleLeft())!;
    await page.waitForTimeout(3000);
    expect((await idleLeft())!).toBeLessThan(first);
    // The idle notice is the Lab header's one message line: its words as a status, its action beside them.
    const notice = page.getByRole('status').filter({ hasText: 'Your lab will be suspended soon' });
    await notice.waitFor({ timeout: (IDLE_SECONDS - 50) * 1000 });
    const beforeKeep = (await idleLeft())!;
    // The notice comes at 60 s left; the clock is redrawn once a second, so it may still show the second before.
    expect(beforeKeep).toBeLessThanOrEqual(61);
    await page.locator('.lab-message').getByRole('button', { name: 'Keep running' }).click();
    // Just active: the clock says how long idle may last instead of counting; then it counts from there again.
    await expect.poll(clockText, { timeout: 10_000 }).toContain(`Suspends after 1 min 40 s idle`);
    await expect.poll(idleLeft, { timeout: 20_000 }).not.toBeNull();
    expect((await idleLeft())!).toBeGreaterThan(beforeKeep + 20);
    expect(await notice.count()).toBe(0);
  });
});
