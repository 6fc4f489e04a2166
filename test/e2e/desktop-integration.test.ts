/**
 * What makes browser mode behave like a desktop app, end to end against the sandbox:
 * `lab-console open labconsole://open?course=…` brings the open window to the course through the
 * data folder's control socket; the command palette (Ctrl+Shift+P) launches the lab and finds in
 * its terminal; the lab-ready notification appears once Chromium was allowed to show them.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { deleteTestLab, learnerCli, learnerEnv } from '../support/learner-cli';
import { REPO_ROOT, startServe, stopServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const COURSE = 'intro-linux';
const SAMPLE = join(REPO_ROOT, 'assets', 'sample-course');

describeWithSandbox('deep links, the command palette and notifications in a real browser', (sandbox) => {
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let serve: ServeProcess | undefined;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const { cli, cliOk } = learnerCli(
    () => home.path,
    () => env,
  );
  const palette = async (query: string): Promise<void> => {
    await page.keyboard.press('Control+Shift+P');
    const input = page.getByRole('dialog', { name: 'Command palette' }).getByRole('combobox', { name: 'Command' });
    await input.fill(query);
    await input.press('Enter');
  };
  /** The notifications the page created, as the web Notification API was asked (the real one still shows them). */
  const notifications = (): Promise<string[]> =>
    page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);

  beforeAll(async () => {
    const state = sandbox();
    home = tempHome('lc-e2e-desktop-');
    // learner2: a lab is one per learner and course; the terminal suite uses learner3.
    env = learnerEnv(state, home.path, 'learner2');
    await cliOk('course', 'import', SAMPLE);
    serve = await startServe(home.path, env);
    browser = await launchChromium();
    const origin = `http://127.0.0.1:${serve.port}`;
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['notifications'], { origin });
    await context.addInitScript(() => {
      const Real = window.Notification;
      const shown: string[] = [];
      (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
      class Recorded extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          shown.push(`${title}: ${options?.body ?? ''}`);
        }
      }
      Object.defineProperty(window, 'Notification', { value: Recorded });
    });
    page = await context.newPage();
    await page.goto(serve.url);
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (serve) await deleteTestLab(cli, COURSE);
    await stopServe(serve);
    home?.remove();
  }, 300_000);

  it('lab-console open hands the link to the open window, which shows the course; a bad link exits 2', async () => {
    const bad = await cli('open', 'javascript:alert(1)');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/must start with labconsole:\/\//);
    const out = await cliOk('open', `labconsole://open?course=${COURSE}`);
    expect(out).toContain(`Lab Console opens course ${COURSE}`);
    await expect.poll(() => page.evaluate(() => window.location.hash), { timeout: 10_000 }).toBe(`#/lab/${COURSE}`);
    await page.getByRole('region', { name: 'Course steps' }).getByRole('heading', { level: 1 }).first().waitFor();
  });

  it('the palette launches the lab, and a lab-ready notification appears', async () => {
    expect(await page.evaluate(() => Notification.permission)).toBe('granted');
    await palette('launch');
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: `Launching the lab of ${COURSE}` })
          .count(),
      )
      .toBe(1);
    await expect.poll(notifications, { timeout: 240_000, interval: 1000 }).toContainEqual(expect.stringMatching(/^Your lab is ready: /));
  }, 300_000);

  it('the palette finds in the terminal', async () => {
    const terminal = page.locator('.terminal-view:not([hidden])');
    await terminal.locator('.xterm-helper-textarea').waitFor({ state: 'attached', timeout: 60_000 });
    await palette('find');
    await expect.poll(() => page.getByRole('search', { name: 'Find in terminal' }).count(), { timeout: 10_000 }).toBe(1);
  }, 120_000);
});
