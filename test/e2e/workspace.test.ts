/**
 * The learner's workspace end to end, against the sandbox: the sample course with a second ssh
 * connection is launched as learner2, `lab-console serve` serves the UI and Chromium uses it as a
 * learner would. A shell printing a counter goes on counting — the same shell, its scrollback
 * kept — across a trip to Courses and back, a switch to the desktop and back, and a reload; the
 * Lab screen has a tab per connection and takes more shells on one machine; after the lab was
 * suspended and resumed the tabs come back; the keyboard leaves the terminal and reaches the
 * navigation; find counts its matches; the menu gives the terminal its focus back; axe finds no
 * serious or critical violation on any screen; every screen is photographed at 1366×800 and
 * 1024×700 (test-results/workspace-*.png).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { sampleCourseVariant } from '../support/course-bundles';
import { learnerCli, learnerEnv, deleteTestLab } from '../support/learner-cli';
import { REPO_ROOT, startServe, type ServeProcess, stopServe } from '../support/serve-process';
import { tempHome } from '../support/temp-home';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const COURSE = 'intro-linux';
const SHOTS = join(REPO_ROOT, 'test-results');

/** The sample course with a second ssh connection to the same machine: three connections, three first tabs (its web page is another test's). */
function courseWithTwoShells(): string {
  const yaml = readFileSync(join(REPO_ROOT, 'assets', 'sample-course', 'course.yaml'), 'utf8');
  const second = '    - name: second\n      protocol: ssh\n      port: {output: ssh_port}\n      user: {output: user}\n';
  const withSecond = yaml
    .replace('    - name: desktop\n', `${second}    - name: desktop\n`)
    .replace('  tabs:\n    - terminal\n', '  tabs:\n    - terminal\n    - second\n')
    .replace('    - {service: Web page, title: My web page}\n', '');
  return sampleCourseVariant({ 'course.yaml': withSecond });
}

describeWithSandbox("the learner's workspace in a real browser against the sandbox lab", (sandbox) => {
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let stopping = false;
  const { cli, cliOk } = learnerCli(
    () => home.path,
    () => env,
  );

  const labUrl = () => `http://127.0.0.1:${serve.port}/#/lab/${COURSE}`;
  const tab = (name: string | RegExp) => page.getByRole('tablist', { name: 'Lab tabs' }).getByRole('tab', { name });
  const tabNames = async (): Promise<string[]> =>
    (await page.getByRole('tablist', { name: 'Lab tabs' }).getByRole('tab').allInnerTexts()).map((t) => t.replace('×', '').trim());
  const terminal = () => page.locator('.terminal-view:not([hidden])');
  const screenText = (): Promise<string> => terminal().locator('.xterm-rows').innerText();
  const sessionOf = (): Promise<string | null> => terminal().locator('.terminal-host').getAttribute('data-session');
  const connected = () => terminal().getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 60_000 });
  const typeLine = async (line: string): Promise<void> => {
    await terminal().locator('.xterm-helper-textarea').focus();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  };
  /** The counter's values on screen, in order. */
  const ticks = async (): Promise<number[]> => [...(await screenText()).matchAll(/^tick (\d+)\s*$/gm)].map((m) => Number(m[1]));
  const lastTick = async (): Promise<number> => Math.max(0, ...(await ticks()));
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return {
        id: el?.id ?? '',
        className: (el as HTMLElement | null)?.className ?? '',
        inNav: Boolean(el?.closest('nav')),
        text: el?.textContent ?? '',
      };
    });
  const navTo = async (name: string): Promise<void> => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
  };

  /** Each value once, in order, from where the first one is seen: the shell never stopped or restarted. */
  const expectContinuous = (values: number[]): void => {
    expect(values.length).toBeGreaterThan(3);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBe(values[i - 1]! + 1);
  };

  beforeAll(async () => {
    state = sandbox();
    home = tempHome('lc-e2e-workspace-');
    env = learnerEnv(state, home.path, 'learner2');
    mkdirSync(SHOTS, { recursive: true });
    await cliOk('course', 'import', courseWithTwoShells());
    await cliOk('lab', 'launch', COURSE, '--wait');
    serve = await startServe(home.path, env);
    let serveErrors = '';
    serve.child.stderr?.on('data', (chunk: Buffer) => (serveErrors += chunk.toString()));
    serve.child.on('exit', (code, signal) => {
      if (!stopping) problems.push(`lab-console serve exited (${code ?? signal}) during the test: ${serveErrors.slice(-2000)}`);
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${serve.port}` });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(serve.url);
    await page.goto(labUrl());
  }, 300_000);

  afterAll(async () => {
    stopping = true;
    if (problems.length > 0) console.warn(`[e2e workspace] problems seen:\n${problems.join('\n')}`);
    await browser?.close();
    await stopServe(serve);
    if (home) {
      await deleteTestLab(cli, COURSE);
      home.remove();
    }
  }, 180_000);

  it('opens a tab per connection of the course, the first shown and connected', async () => {
    await tab('terminal').waitFor({ timeout: 30_000 });
    expect(await tabNames()).toEqual(['terminal', 'second', 'desktop']);
    expect(await tab('terminal').getAttribute('aria-selected')).toBe('true');
    await connected();
    await expect.poll(screenText, { timeout: 15_000 }).toMatch(/\$\s*$/m);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
  });

  it('keeps a counting shell running, the same one with its scrollback, across a trip to Courses and back', async () => {
    await typeLine('i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.25; done');
    await expect.poll(lastTick, { timeout: 10_000 }).toBeGreaterThan(3);
    const session = await sessionOf();
    const before = await lastTick();
    await navTo('Courses');
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
    await page.waitForTimeout(3000);
    await navTo('Lab');
    await connected();
    expect(await sessionOf()).toBe(session);
    // What it printed while nobody looked is there, and it goes on counting.
    await expect.poll(lastTick, { timeout: 10_000 }).toBeGreaterThan(before + 10);
    const shown = await ticks();
    expect(shown.some((n) => n > before && n < before + 10)).toBe(true);
    expectContinuous(shown);
  });

  it('keeps it across Terminal → Desktop → Terminal', async () => {
    const session = await sessionOf();
    const before = await lastTick();
    await tab('desktop').click();
    await page
      .locator('.desktop-view')
      .getByRole('status')
      .filter({ hasText: /Connected|Connecting|Reconnecting/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await page.waitForTimeout(2000);
    await tab('terminal').click();
    expect(await sessionOf()).toBe(session);
    await expect.poll(lastTick, { timeout: 10_000 }).toBeGreaterThan(before + 6);
    expectContinuous(await ticks());
  });

  it('takes the shell back after a reload of the page, with what it printed meanwhile', async () => {
    const session = await sessionOf();
    await page.reload();
    await tab('terminal').waitFor({ timeout: 30_000 });
    await connected();
    expect(await sessionOf()).toBe(session);
    await expect.poll(async () => (await ticks()).length, { timeout: 10_000 }).toBeGreaterThan(5);
    expectContinuous(await ticks());
  });

  it('counts the matches of find in the terminal', async () => {
    await terminal().locator('.xterm-helper-textarea').focus();
    await page.keyboard.press('Control+Shift+F');
    const find = terminal().getByRole('search', { name: 'Find in terminal' });
    await find.getByRole('textbox').fill('tick');
    await expect.poll(() => find.getByRole('status').innerText(), { timeout: 5000 }).toMatch(/^\d+ of \d+$/);
    await find.getByRole('textbox').press('Escape');
    await expect.poll(async () => (await focused()).className).toContain('xterm-helper-textarea');
  });

  it('opens a second shell on the same machine from the keyboard, and a shell on the other connection', async () => {
    await terminal().locator('.xterm-helper-textarea').focus();
    await page.keyboard.press('Control+C');
    const first = await sessionOf();
    await page.keyboard.press('Alt+Shift+N');
    await expect.poll(tabNames).toEqual(['terminal', 'second', 'desktop', 'terminal 2']);
    expect(await tab('terminal 2').getAttribute('aria-selected')).toBe('true');
    await connected();
    expect(await sessionOf()).not.toBe(first);
    await typeLine('echo "pid-$$"');
    await expect.poll(screenText, { timeout: 10_000 }).toMatch(/^pid-\d+\s*$/m);
    await tab('second').click();
    await connected();
    await typeLine('echo "on-second-$((4*4))"');
    await expect.poll(screenText, { timeout: 10_000 }).toContain('on-second-16');
  });

  it('renames a tab with F2 and switches tabs with Alt+PgDn / Alt+PgUp', async () => {
    await tab('terminal 2').focus();
    await page.keyboard.press('F2');
    await page.getByRole('textbox', { name: 'Tab name' }).fill('logs');
    await page.keyboard.press('Enter');
    await expect.poll(tabNames).toEqual(['terminal', 'second', 'desktop', 'logs']);
    await tab('logs').click();
    await terminal().locator('.xterm-helper-textarea').focus();
    await page.keyboard.press('Alt+PageDown');
    expect(await tab('terminal').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Alt+PageUp');
    expect(await tab('logs').getAttribute('aria-selected')).toBe('true');
  });

  it('gives the terminal the keyboard back after Paste, Clear and Reconnect in its menu', async () => {
    await tab('terminal').click();
    await connected();
    await page.evaluate(() => navigator.clipboard.writeText('echo "pasted-$((2*21))"'));
    const host = terminal().locator('.terminal-host');
    const menuItem = async (name: string): Promise<void> => {
      await host.click({ button: 'right' });
      await page.getByRole('menu', { name: 'Terminal' }).getByRole('menuitem', { name }).click();
      await expect.poll(async () => (await focused()).className, { timeout: 5000 }).toContain('xterm-helper-textarea');
    };
    await menuItem('Paste');
    // The clipboard is read asynchronously: Enter once the pasted line is on screen, as a learner would.
    await expect.poll(screenText, { timeout: 10_000 }).toContain('echo "pasted-$((2*21))"');
    await page.keyboard.press('Enter');
    await expect.poll(screenText, { timeout: 10_000 }).toContain('pasted-42');
    await menuItem('Clear');
    await expect.poll(screenText).not.toContain('pasted-42');
    const session = await sessionOf();
    await menuItem('Reconnect');
    await connected();
    expect(await sessionOf()).toBe(session);
  });

  it('leaves the terminal and reaches the navigation with the keyboard only', async () => {
    await terminal().locator('.xterm-helper-textarea').focus();
    await page.keyboard.press('Alt+Shift+L');
    await expect.poll(async () => (await focused()).id).toMatch(/^lab-tab-/);
    let reached = false;
    for (let press = 0; press < 80 && !reached; press++) {
      await page.keyboard.press('Shift+Tab');
      reached = (await focused()).inNav;
    }
    expect(reached).toBe(true);
    // The region keys reach the lab and the navigation too.
    await terminal().locator('.xterm-helper-textarea').focus();
    await page.keyboard.press('Alt+Shift+P');
    expect((await focused()).inNav).toBe(true);
    await page.keyboard.press('Alt+Shift+P');
    await page.keyboard.press('Alt+Shift+P');
    expect((await focused()).className).toContain('xterm-helper-textarea');
    await page.keyboard.press('Alt+Shift+P');
    const nav = await focused();
    expect(nav.inNav).toBe(true);
    expect(nav.text).toContain('Lab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
  });

  it('brings the tabs back after the lab was suspended and resumed', async () => {
    await navTo('Lab');
    await connected();
    const controls = page.locator('.lab-controls');
    await controls.getByRole('button', { name: 'Suspend' }).click();
    await controls.getByRole('status').filter({ hasText: 'Suspended' }).waitFor({ timeout: 60_000 });
    await terminal().getByRole('status').filter({ hasText: 'Lab suspended' }).waitFor({ timeout: 30_000 });
    // Away while the lab sleeps: the shells end with the lab's run; the tabs stay.
    await navTo('Courses');
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
    await navTo('Lab');
    await expect.poll(tabNames, { timeout: 30_000 }).toEqual(['terminal', 'second', 'desktop', 'logs']);
    await controls.getByRole('button', { name: 'Resume' }).click();
    await controls.getByRole('status').filter({ hasText: 'Running' }).waitFor({ timeout: 120_000 });
    await connected();
    await typeLine('echo "after-resume-$((9*9))"');
    await expect.poll(screenText, { timeout: 10_000 }).toContain('after-resume-81');
    await page.reload();
    await expect.poll(tabNames, { timeout: 30_000 }).toEqual(['terminal', 'second', 'desktop', 'logs']);
    await connected();
  });

  /** A step's code buttons sit above its code, and "Mark step as done" stays on one line. */
  async function narrowStep(size: string): Promise<void> {
    const block = page.locator('.code-block').first();
    const actions = (await block.locator('.code-actions').boundingBox())!;
    const code = (await block.locator('pre').boundingBox())!;
    expect(actions.y + actions.height).toBeLessThanOrEqual(code.y + 0.5);
    const done = page.getByRole('button', { name: 'Mark step as done' });
    await done.scrollIntoViewIfNeeded();
    const lineHeight = await done.evaluate((button) => parseFloat(getComputedStyle(button).lineHeight));
    expect((await done.boundingBox())!.height).toBeLessThan(lineHeight * 2);
    await page.screenshot({ path: join(SHOTS, `workspace-lab-step-end-${size}.png`) });
  }

  /** A refused upload names the file the learner chose, below the header, which does not move. */
  async function uploadRefused(size: string): Promise<void> {
    const header = page.locator('.screen-header');
    const importButton = page.getByRole('button', { name: 'Import course…' });
    const before = (await importButton.boundingBox())!;
    await page
      .getByLabel('Course bundle file')
      .setInputFiles({ name: 'My notes (week 2).zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip archive') });
    const alert = page.getByRole('alert').filter({ hasText: 'My notes (week 2).zip' });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.innerText()).not.toMatch(/lc-upload-|\/tmp\//);
    expect(await importButton.boundingBox()).toEqual(before);
    expect((await alert.boundingBox())!.y).toBeGreaterThanOrEqual((await header.boundingBox())!.y + (await header.boundingBox())!.height);
    await page.screenshot({ path: join(SHOTS, `workspace-courses-upload-refused-${size}.png`) });
  }

  it('finds no serious or critical accessibility violation on any screen, and photographs each at 1366×800 and 1024×700', async () => {
    const screens = [
      ['courses', `http://127.0.0.1:${serve.port}/#/courses`],
      ['lab', labUrl()],
      ['instructor', `http://127.0.0.1:${serve.port}/#/instructor`],
      ['settings', `http://127.0.0.1:${serve.port}/#/settings`],
    ] as const;
    const violations: string[] = [];
    for (const [width, height] of [
      [1366, 800],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const [name, url] of screens) {
        await page.goto(url);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        if (name === 'lab') await connected();
        await page.waitForTimeout(500);
        expect(await page.getByRole('heading', { level: 1 }).count(), `one h1 on ${name}`).toBe(1);
        // The navigation keeps its icons only below ~1200 px.
        const navWidth = (await page.getByRole('navigation', { name: 'Main' }).boundingBox())!.width;
        if (width < 1200) expect(navWidth).toBeLessThan(100);
        else expect(navWidth).toBeGreaterThan(150);
        await page.screenshot({ path: join(SHOTS, `workspace-${name}-${width}x${height}.png`) });
        if (name === 'lab') await narrowStep(`${width}x${height}`);
        if (name === 'courses') await uploadRefused(`${width}x${height}`);
        const result = await new AxeBuilder({ page }).analyze();
        for (const v of result.violations) {
          if (v.impact === 'serious' || v.impact === 'critical') {
            violations.push(
              `${name} ${width}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes
                .map((n) => n.target.join(' '))
                .slice(0, 3)
                .join(', ')}`,
            );
          }
        }
      }
    }
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    // Eight screens, each loaded, photographed and analysed: over 120 s on a loaded machine.
  }, 300_000);
});
