/**
 * The terminal end to end, as a learner uses it, against the sandbox: `lab-console lab launch`
 * starts the sample course's lab on Keystone + Heat as learner3, `lab-console serve` serves the UI,
 * and Chromium types into the Terminal tab over the stream WebSocket into the lab's real sshd.
 * A large `cat` must end with its last line on screen without xterm dropping data; suspending the
 * lab under the open terminal must show "Lab suspended" and Resume; a rotated host key must be
 * refused with the warning showing both fingerprints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT, startServe, type ServeProcess } from '../support/serve-process';
import { learnerCli, learnerEnv, deleteTestLab } from '../support/learner-cli';
import { tempHome } from '../support/temp-home';
import { findLab, rotateHostKey } from '../sandbox/lab-control';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const COURSE = 'intro-linux';
const SAMPLE = join(REPO_ROOT, 'assets', 'sample-course');
/** The target is 100 MB (LAB_CONSOLE_E2E_CAT_BYTES=100000000); 20 MB keeps the run short and still fills the flow-control window ~20 times. */
const CAT_BYTES = Number(process.env.LAB_CONSOLE_E2E_CAT_BYTES ?? 20_000_000);

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? 0) / 1024;
}

describeWithSandbox('the terminal in a real browser against the sandbox lab', (sandbox) => {
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let serveErrors = '';
  let stopping = false;

  const { cli, cliOk } = learnerCli(
    () => home.path,
    () => env,
  );

  const terminal = () => page.locator('.terminal-view:not([hidden])');
  const screenText = (): Promise<string> => terminal().locator('.xterm-rows').innerText();
  const status = (text: string) => terminal().getByRole('status').filter({ hasText: text });
  const typeLine = async (line: string): Promise<void> => {
    await terminal().locator('.xterm-helper-textarea').focus();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  };

  beforeAll(async () => {
    state = sandbox();
    home = tempHome('lc-e2e-terminal-');
    // learner3's cloud: a lab is one per learner and course, and other suites use learner1.
    env = learnerEnv(state, home.path, 'learner3');

    await cliOk('course', 'import', SAMPLE);
    await cliOk('lab', 'launch', COURSE, '--wait');
    serve = await startServe(home.path, env);
    serve.child.stderr?.on('data', (chunk: Buffer) => (serveErrors += chunk.toString()));
    serve.child.on('exit', (code, signal) => {
      if (!stopping) problems.push(`lab-console serve exited (${code ?? signal}) during the test: ${serveErrors.slice(-2000)}`);
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (message) => {
      if (/discarded|error/i.test(message.text())) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(serve.url);
    await page.goto(`http://127.0.0.1:${serve.port}/#/lab/${COURSE}`);
  }, 300_000);

  afterAll(async () => {
    stopping = true;
    if (problems.length > 0) console.warn(`[e2e terminal] problems seen:\n${problems.join('\n')}`);
    await browser?.close();
    if (serve) {
      // `serve` should exit on SIGTERM; until the lab service stops with the app, make sure it goes.
      const stopped = await Promise.race([serve.stop().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      if (!stopped) {
        console.warn('lab-console serve did not exit within 5 s of SIGTERM: killing it');
        serve.child.kill('SIGKILL');
      }
    }
    if (home) {
      await deleteTestLab(cli, COURSE);
      if (process.env.LAB_CONSOLE_E2E_KEEP) console.warn(`[e2e terminal] kept ${home.path}`);
      else home.remove();
    }
  }, 180_000);

  it('opens the Terminal tab on the running lab and shows what a typed command prints', async () => {
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await status('Connected').waitFor({ timeout: 30_000 });
    await expect.poll(screenText, { timeout: 15_000 }).toMatch(/\$\s*$/m);
    await typeLine('echo "sum=$((6*7))"');
    await expect.poll(screenText, { timeout: 10_000 }).toContain('sum=42');
  });

  it('types a command of the course text into the terminal with "Run in terminal"', async () => {
    await page.getByRole('button', { name: 'Run in terminal' }).first().click();
    await expect.poll(screenText, { timeout: 10_000 }).toMatch(new RegExp(`^${state.lab.user}\\s*$`, 'm'));
  });

  it(`cats ${CAT_BYTES / 1e6} MB and ends with its last line on screen, nothing discarded`, async () => {
    const lines = Math.ceil(CAT_BYTES / 77);
    await typeLine(
      `head -c ${Math.ceil((lines * 76) / 4) * 3} /dev/zero | base64 -w 76 > /tmp/lc-big.txt; echo "last-line-$((7*6))" >> /tmp/lc-big.txt; clear`,
    );
    await expect.poll(screenText, { timeout: 60_000 }).not.toContain('lc-big.txt;');
    const rssBefore = rssMiB(serve.child.pid!);
    let rssMax = rssBefore;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssMiB(serve.child.pid!))), 100);
    const started = Date.now();
    await typeLine('cat /tmp/lc-big.txt; echo "cat-done-$((3*3))"');
    await expect.poll(screenText, { timeout: 300_000, interval: 250 }).toContain('cat-done-9');
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    console.log(
      `[e2e terminal] cat of ${CAT_BYTES / 1e6} MB on screen in ${seconds.toFixed(1)} s (${(CAT_BYTES / 1e6 / seconds).toFixed(1)} MB/s); ` +
        `serve RSS ${rssBefore.toFixed(0)} → max ${rssMax.toFixed(0)} MiB; renderer JS heap ${(heap / 2 ** 20).toFixed(0)} MiB`,
    );
    const rows = (await screenText()).split('\n').map((row) => row.trimEnd());
    const done = rows.findIndex((row) => row.includes('cat-done-9'));
    expect(rows.slice(0, done).join('\n')).toMatch(/last-line-42\s*$/);
    expect(problems.filter((p) => /discarded/i.test(p))).toEqual([]);
    expect(rssMax - rssBefore).toBeLessThan(150);
  });

  it('shows "Lab suspended" when the lab is suspended under the open terminal, and reconnects after Resume', async () => {
    await cliOk('lab', 'suspend', COURSE, '--wait');
    await status('Lab suspended').waitFor({ timeout: 60_000 });
    await terminal().getByRole('button', { name: 'Resume' }).click();
    await status('Connected').waitFor({ timeout: 120_000 });
    await typeLine('echo "back-$((5*5))"');
    await expect.poll(screenText, { timeout: 10_000 }).toContain('back-25');
  });

  it('refuses a changed host key and shows the warning with both fingerprints', async () => {
    const view = JSON.parse(await cliOk('--json', 'lab', 'status', COURSE)) as { lab: { stackId: string } };
    const before = await findLab(state, view.lab.stackId);
    const after = await rotateHostKey(state, view.lab.stackId);
    expect(after.hostKeyFingerprint).not.toBe(before.hostKeyFingerprint);
    await page.reload();
    await page.getByRole('tab', { name: 'Terminal' }).click();
    const alert = terminal().getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    const text = await alert.innerText();
    expect(text).toContain('has changed');
    expect(text).toContain(before.hostKeyFingerprint);
    expect(text).toContain(after.hostKeyFingerprint);
    expect(await status('Not connected').count()).toBe(1);
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'terminal-host-key-changed.png') });
  });
});
