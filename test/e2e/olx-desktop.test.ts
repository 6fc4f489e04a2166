/**
 * The rdp lab of the hastexo corpus (a block exported with filename=, stack_protocol="rdp"),
 * imported from the Open edX export with the built CLI and launched on the sandbox: its Desktop
 * tab opens in Chromium through `lab-console serve`, the learner types the step's command into
 * the desktop's terminal, and the course's own check — run over SSH on the lab host, as hastexo
 * ran its tests — reads it back: it failed before, it passes after.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OLX_CORPUS } from '../../src/core/courses/olx/olx-corpus.test-support';
import { LabCheckOutput } from '../../src/shared/labs/check-calls';
import { launchChromium } from '../support/chromium';
import { canvasStats, pointAtDesktop, sshRun, typeByKeys } from './desktop-page';
import { learnerCli, learnerEnv, deleteTestLab } from '../support/learner-cli';
import { REPO_ROOT, startServe, type ServeProcess, stopServe } from '../support/serve-process';
import { tempHome } from '../support/temp-home';
import { findLab } from '../sandbox/lab-control';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const COURSE = 'hastexo-net101-desktop-lab';
const NOTES = '~/desktop-notes.txt';

describeWithSandbox('the rdp lab of an Open edX course, in a real browser against the sandbox', (sandbox) => {
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let sshPort: number;
  let stopping = false;
  const problems: string[] = [];
  const { cli, cliOk } = learnerCli(
    () => home.path,
    () => env,
  );
  const view = () => page.locator('.desktop-view');

  const check = async () =>
    LabCheckOutput.parse(JSON.parse((await cli('--json', 'lab', 'check', COURSE, '--step', 'desktop_unit')).stdout));

  beforeAll(async () => {
    state = sandbox();
    home = tempHome('lc-e2e-olx-desktop-');
    env = learnerEnv(state, home.path, 'learner1');
    await cliOk('course', 'import', OLX_CORPUS);
    await cliOk('lab', 'launch', COURSE, '--wait');
    const lab = JSON.parse(await cliOk('--json', 'lab', 'status', COURSE)) as { lab: { stackId: string } };
    sshPort = (await findLab(state, lab.lab.stackId)).sshPort;
    await sshRun(sshPort, state.lab.user, state.lab.password, `rm -f ${NOTES}`);
    serve = await startServe(home.path, env);
    serve.child.on('exit', (code, signal) => {
      if (!stopping) problems.push(`lab-console serve exited (${code ?? signal}) during the test`);
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1200 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(serve.url);
    await page.goto(`http://127.0.0.1:${serve.port}/#/lab/${COURSE}`);
  }, 300_000);

  afterAll(async () => {
    stopping = true;
    await browser?.close();
    if (home) {
      await deleteTestLab(cli, COURSE);
    }
    await stopServe(serve);
    home?.remove();
  }, 180_000);

  it("shows the converted step and opens the lab's desktop", async () => {
    await page.getByText('Your lab has a small desktop with a terminal window.').waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Desktop' }).click();
    await view().getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await canvasStats(page)).foreground, { timeout: 15_000 }).toBeGreaterThanOrEqual(0.2);
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'olx-desktop-tab.png') });
  });

  it('the check fails, the learner types the command on the desktop, and the check run over SSH passes', async () => {
    const before = await check();
    expect(before).toMatchObject({ passed: 0, total: 1 });
    expect(before.runs[0]!.outcomes[0]!.hint).toBe("In the desktop's terminal, run: echo hello from the desktop > ~/desktop-notes.txt");

    await page.locator('.desktop-screen').focus();
    await pointAtDesktop(page, 300, 200);
    await typeByKeys(page, 'echo hello from the desktop > ~/desktop-notes.txt');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await sshRun(sshPort, state.lab.user, state.lab.password, `cat ${NOTES}`)).stdout, {
        timeout: 20_000,
        interval: 500,
      })
      .toBe('hello from the desktop\n');
    expect(await check()).toMatchObject({ passed: 1, total: 1, score: 1 });
    expect(problems).toEqual([]);
  });
});
