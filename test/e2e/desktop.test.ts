/**
 * The remote desktop end to end, as a learner uses it, against the sandbox: `lab-console lab
 * launch` starts the sample course's lab (its `desktop` connection is rdp) on Keystone + Heat,
 * `lab-console serve` serves the UI, and Chromium opens the Desktop tab: the canvas must show the
 * lab's desktop (many colours, ≥ 20 % of it not background), and what is typed on the page — by
 * physical key, and with "Paste as keystrokes" — must run in the remote xterm, which a check over
 * SSH as the same Unix user confirms. Suspending the lab under it must say so and offer Resume.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { canvasStats, pointAtDesktop, sshRun } from './desktop-page';
import { REPO_ROOT, startServe, type ServeProcess, stopServe } from '../support/serve-process';
import { learnerCli, learnerEnv, deleteTestLab } from '../support/learner-cli';
import { tempHome } from '../support/temp-home';
import { findLab } from '../sandbox/lab-control';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const COURSE = 'intro-linux';
const SAMPLE = join(REPO_ROOT, 'assets', 'sample-course');

describeWithSandbox('the remote desktop in a real browser against the sandbox lab', (sandbox) => {
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let sshPort: number;
  const problems: string[] = [];
  const markers: string[] = [];
  let stopping = false;

  const { cli, cliOk } = learnerCli(
    () => home.path,
    () => env,
  );

  const view = () => page.locator('.desktop-view');
  const status = (text: string) => view().getByRole('status').filter({ hasText: text });
  const fileExists = async (path: string): Promise<boolean> =>
    (await sshRun(sshPort, state.lab.user, state.lab.password, `test -f ${path} && echo found`)).stdout.trim() === 'found';

  const readCanvas = () => canvasStats(page);
  const pointAt = (x: number, y: number) => pointAtDesktop(page, x, y);

  beforeAll(async () => {
    state = sandbox();
    home = tempHome('lc-e2e-desktop-');
    // A lab is one per learner and course: learner4 keeps clear of the terminal suite's learner3 when the
    // sandbox has it; a default sandbox (3 learners) shares learner3, and each suite deletes its lab.
    const learner = state.learners.some((l) => l.name === 'learner4') ? 'learner4' : 'learner3';
    env = learnerEnv(state, home.path, learner);

    await cliOk('course', 'import', SAMPLE);
    await cliOk('lab', 'launch', COURSE, '--wait');
    const lab = JSON.parse(await cliOk('--json', 'lab', 'status', COURSE)) as { lab: { stackId: string } };
    sshPort = (await findLab(state, lab.lab.stackId)).sshPort;
    serve = await startServe(home.path, env);
    let serveErrors = '';
    serve.child.stderr?.on('data', (chunk: Buffer) => (serveErrors += chunk.toString()));
    serve.child.on('exit', (code, signal) => {
      if (!stopping) problems.push(`lab-console serve exited (${code ?? signal}) during the test: ${serveErrors.slice(-2000)}`);
    });
    browser = await launchChromium();
    // A large pane: the desktop takes the pane's size, and at about a megapixel its root window (not
    // the xterm) is the most common colour, as xfreerdp sees it at 1024×768 in sandbox-lab-hosts.
    page = await browser.newPage({ viewport: { width: 1920, height: 1200 } });
    page.on('console', (message) => {
      if (message.type() === 'error' || /frame skipped/.test(message.text())) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(serve.url);
    await page.goto(`http://127.0.0.1:${serve.port}/#/lab/${COURSE}`);
  }, 300_000);

  afterAll(async () => {
    stopping = true;
    if (problems.length > 0) console.warn(`[e2e desktop] problems seen:\n${problems.join('\n')}`);
    if (sshPort && markers.length > 0)
      await sshRun(sshPort, state.lab.user, state.lab.password, `rm -f ${markers.join(' ')}`).catch(() => undefined);
    await browser?.close();
    // Delete while serve still runs: stopping it first would queue a suspend (quitting suspends running labs) ahead of the delete.
    if (home) {
      await deleteTestLab(cli, COURSE);
    }
    await stopServe(serve);
    home?.remove();
  }, 180_000);

  it('opens the Desktop tab and draws the lab desktop on the canvas', async () => {
    await page.getByRole('tab', { name: 'Desktop' }).click();
    const started = Date.now();
    await status('Connected').waitFor({ timeout: 60_000 });
    const connectedMs = Date.now() - started;
    await expect.poll(async () => (await readCanvas()).foreground, { timeout: 15_000 }).toBeGreaterThanOrEqual(0.2);
    const stats = await readCanvas();
    console.log(
      `[e2e desktop] connected in ${connectedMs} ms; canvas ${stats.width}×${stats.height}, ${stats.colours} colours, ` +
        `${(stats.foreground * 100).toFixed(1)} % not background`,
    );
    expect(stats.colours).toBeGreaterThanOrEqual(64);
    expect(stats.foreground).toBeGreaterThanOrEqual(0.2);
    // The canvas fits the pane with the desktop's aspect ratio.
    const box = (await page.locator('.desktop-canvas').boundingBox())!;
    expect(Math.abs(box.width / box.height - stats.width / stats.height)).toBeLessThan(0.02);
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'desktop-tab.png') });
  });

  it('types a command by physical keys into the remote xterm, and the file it creates is there over SSH', async () => {
    const marker = `/tmp/lc-rdp-marker-${randomBytes(6).toString('hex')}`;
    markers.push(marker);
    await page.locator('.desktop-screen').focus();
    await pointAt(300, 200);
    await page.keyboard.type(`touch ${marker}`, { delay: 15 });
    await page.keyboard.press('Enter');
    await expect.poll(() => fileExists(marker), { timeout: 20_000, interval: 500 }).toBe(true);
  });

  it('types text from "Paste as keystrokes" as characters, with the line break as Enter', async () => {
    const marker = `/tmp/lc-rdp-paste-${randomBytes(6).toString('hex')}`;
    markers.push(marker);
    await pointAt(300, 200);
    await view().getByRole('button', { name: 'Paste as keystrokes' }).click();
    const text = view().getByLabel(/Text to type on the remote desktop/);
    await text.fill(`touch ${marker}\n`);
    await view().getByRole('button', { name: 'Type it' }).click();
    await expect.poll(() => fileExists(marker), { timeout: 20_000, interval: 500 }).toBe(true);
    expect(await view().getByRole('button', { name: 'Ctrl+Alt+Del' }).isEnabled()).toBe(true);
  });

  it('shows "Lab suspended" when the lab is suspended under the open desktop, and draws it again after Resume', async () => {
    await cliOk('lab', 'suspend', COURSE, '--wait');
    await status('Lab suspended').waitFor({ timeout: 60_000 });
    await view().getByRole('button', { name: 'Resume' }).click();
    await status('Connected').waitFor({ timeout: 120_000 });
    await expect.poll(async () => (await readCanvas()).foreground, { timeout: 15_000 }).toBeGreaterThanOrEqual(0.2);
    expect(problems).toEqual([]);
  });
});
