/**
 * The VNC desktop end to end, as a learner uses it, against the sandbox: a course whose desktop
 * connection is vnc (the sample lab's Xvnc, its vnc_port and vnc_password outputs) is launched
 * on Keystone + Heat, `lab-console serve` serves the UI, and Chromium opens its Desktop tab:
 * noVNC draws the lab's desktop over the app's stream (the app did the VNC handshake, the page
 * never sees the password); what is typed there runs in the remote xterm, which a check over SSH
 * confirms, and changes the picture; the clipboard goes both ways; suspending the lab says so
 * and Resume brings the desktop back. The lab's certificate, pinned on first use, is the only one
 * accepted: once the lab's Xvnc shows another, the desktop is refused with both hashes shown.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { sshRun } from './desktop-page';
import { pointAtVnc, vncCanvasStats } from './vnc-page';
import { vncSampleCourse } from '../support/course-bundles';
import { REPO_ROOT, startServe, type ServeProcess } from '../support/serve-process';
import { learnerCli, learnerEnv } from '../support/learner-cli';
import { tempHome } from '../support/temp-home';
import { findLab, rotateVncCertificate } from '../sandbox/lab-control';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const COURSE = 'intro-linux-vnc';

describeWithSandbox('the VNC desktop in a real browser against the sandbox lab', (sandbox) => {
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let sshPort: number;
  let vncPassword: string;
  let vncCertSha256: string;
  let stackId: string;
  const problems: string[] = [];
  const markers: string[] = [];
  /** When the page's client asked the server for a desktop size (RFB SetDesktopSize, message 251). */
  const sizeRequests: number[] = [];
  let stopping = false;

  const { cli, cliOk } = learnerCli(
    () => home.path,
    () => env,
  );

  const view = () => page.locator('.vnc-view');
  const status = (text: string) => view().getByRole('status').filter({ hasText: text });
  const ssh = (command: string) => sshRun(sshPort, state.lab.user, state.lab.password, command);
  const fileText = async (path: string): Promise<string> => (await ssh(`cat ${path} 2>/dev/null`)).stdout;

  beforeAll(async () => {
    state = sandbox();
    home = tempHome('lc-e2e-vnc-');
    env = learnerEnv(state, home.path, 'learner2');
    await cliOk('course', 'import', vncSampleCourse(COURSE));
    await cliOk('lab', 'launch', COURSE, '--wait');
    const lab = JSON.parse(await cliOk('--json', 'lab', 'status', COURSE)) as { lab: { stackId: string } };
    stackId = lab.lab.stackId;
    const host = await findLab(state, stackId);
    sshPort = host.sshPort;
    vncPassword = host.vncPassword;
    vncCertSha256 = host.vncCertSha256;
    serve = await startServe(home.path, env);
    let serveErrors = '';
    serve.child.stderr?.on('data', (chunk: Buffer) => (serveErrors += chunk.toString()));
    serve.child.on('exit', (code, signal) => {
      if (!stopping) problems.push(`lab-console serve exited (${code ?? signal}) during the test: ${serveErrors.slice(-2000)}`);
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // Nothing the page receives may carry the VNC password (the app does the VNC handshake).
    page.on('websocket', (socket) => {
      socket.on('framereceived', (frame) => {
        const text = typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('latin1');
        if (vncPassword && text.includes(vncPassword)) problems.push(`the VNC password reached the page on ${socket.url()}`);
      });
      socket.on('framesent', (frame) => {
        const text = typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('latin1');
        for (const [, data] of text.matchAll(/"t":"vnc-data","data":"([A-Za-z0-9+/=]+)"/g))
          if (Buffer.from(data!, 'base64')[0] === 251) sizeRequests.push(Date.now());
      });
    });
    await page.goto(serve.url);
    await page.goto(`http://127.0.0.1:${serve.port}/#/lab/${COURSE}`);
  }, 300_000);

  afterAll(async () => {
    stopping = true;
    if (problems.length > 0) console.warn(`[e2e vnc] problems seen:\n${problems.join('\n')}`);
    if (sshPort && markers.length > 0) await ssh(`rm -f ${markers.join(' ')}`).catch(() => undefined);
    await browser?.close();
    if (home) {
      const deleted = await cli('lab', 'delete', COURSE, '--wait');
      if (deleted.code !== 0) console.warn(`could not delete the test lab: ${deleted.stderr}`);
    }
    if (serve) {
      const stopped = await Promise.race([serve.stop().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      if (!stopped) serve.child.kill('SIGKILL');
    }
    home?.remove();
  }, 180_000);

  it('opens the Desktop tab and noVNC draws the lab desktop, over TLS, at the pane’s size', async () => {
    await page.getByRole('tab', { name: 'desktop' }).click({ timeout: 60_000 });
    const started = Date.now();
    await status('Connected').waitFor({ timeout: 60_000 });
    const connectedMs = Date.now() - started;
    await expect(status('Connected').textContent()).resolves.toContain('(encrypted)');
    await expect.poll(async () => (await vncCanvasStats(page)).foreground, { timeout: 20_000 }).toBeGreaterThanOrEqual(0.05);
    const stats = await vncCanvasStats(page);
    console.log(
      `[e2e vnc] connected in ${connectedMs} ms; canvas ${stats.width}×${stats.height}, ${stats.colours} colours, ` +
        `${(stats.foreground * 100).toFixed(1)} % not background`,
    );
    expect(stats.colours).toBeGreaterThanOrEqual(16);
    // resizeSession: the server's desktop (1024×768 as Xvnc started) took the pane's size, shown unscaled.
    const pane = (await page.locator('.vnc-screen').boundingBox())!;
    await expect.poll(async () => (await vncCanvasStats(page)).width, { timeout: 15_000 }).toBe(Math.floor(pane.width));
    expect(Math.abs(stats.height - pane.height)).toBeLessThan(2);
    const box = (await page.locator('.vnc-screen canvas').boundingBox())!;
    expect(Math.abs(box.width - pane.width)).toBeLessThan(2);
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'vnc-tab.png') });
  });

  it('asks the server for the pane’s size once it settles, not over and over (the pane is a fraction of a pixel larger)', async () => {
    expect(sizeRequests.length).toBeGreaterThan(0);
    const pane = (await page.locator('.vnc-screen').boundingBox())!;
    console.log(`[e2e vnc] pane ${pane.width}×${pane.height}; ${sizeRequests.length} size requests so far`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const settled = sizeRequests.length;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // Each request is answered with a new desktop size, which noVNC handles by resizing its canvas.
    expect(sizeRequests.length - settled).toBe(0);
  });

  it('types a command into the xterm on the VNC desktop: it runs on the lab host, and the picture changes', async () => {
    const marker = `/tmp/lc-vnc-marker-${randomBytes(6).toString('hex')}`;
    markers.push(marker);
    const at = await pointAtVnc(page, 300, 200);
    await page.mouse.click(at.x, at.y);
    const before = await vncCanvasStats(page);
    await page.keyboard.type(`echo typed over vnc > ${marker}`, { delay: 15 });
    await page.keyboard.press('Enter');
    await expect.poll(() => fileText(marker), { timeout: 20_000, interval: 500 }).toBe('typed over vnc\n');
    await expect.poll(async () => (await vncCanvasStats(page)).hash, { timeout: 10_000 }).not.toBe(before.hash);
  });

  it('sends the clipboard both ways: text from the panel pastes into the xterm, a selection there shows in the panel', async () => {
    const marker = `/tmp/lc-vnc-clip-${randomBytes(6).toString('hex')}`;
    markers.push(marker);
    const token = `clip-${randomBytes(4).toString('hex')}`;
    await view().getByRole('button', { name: 'Clipboard' }).click();
    await view()
      .getByLabel(/The remote desktop's clipboard/)
      .fill(`pasted ${token}`);
    await view().getByRole('button', { name: 'Send to the desktop' }).click();
    const at = await pointAtVnc(page, 300, 200);
    await page.keyboard.type('echo ', { delay: 15 });
    // X's middle click pastes the selection Xvnc set from the client's clipboard.
    await page.mouse.click(at.x, at.y, { button: 'middle' });
    await page.keyboard.type(` > ${marker}`, { delay: 15 });
    await page.keyboard.press('Enter');
    await expect.poll(() => fileText(marker), { timeout: 20_000, interval: 500 }).toBe(`pasted ${token}\n`);

    // The other way: the xterm's first line, selected by a triple click, is the desktop's selection.
    await page.keyboard.type('clear', { delay: 15 });
    await page.keyboard.press('Enter');
    await page.keyboard.type(`: remote ${token}`, { delay: 15 });
    const line = await pointAtVnc(page, 60, 24);
    await page.mouse.click(line.x, line.y, { clickCount: 3 });
    await view().getByRole('button', { name: 'Clipboard' }).click();
    await expect
      .poll(
        () =>
          view()
            .getByLabel(/The remote desktop's clipboard/)
            .inputValue(),
        { timeout: 10_000 },
      )
      .toContain(`remote ${token}`);
    await view().getByRole('button', { name: 'Close' }).click();
    await page.keyboard.press('Control+C');
  });

  it('shows "Lab suspended" when the lab is suspended under the open desktop, and draws it again after Resume', async () => {
    await cliOk('lab', 'suspend', COURSE, '--wait');
    await status('Lab suspended').waitFor({ timeout: 60_000 });
    await view().getByRole('button', { name: 'Resume' }).click();
    await status('Connected').waitFor({ timeout: 120_000 });
    await expect.poll(async () => (await vncCanvasStats(page)).foreground, { timeout: 20_000 }).toBeGreaterThanOrEqual(0.05);
    expect(problems).toEqual([]);
  });

  it('refuses the desktop once the lab shows another certificate than the pinned one, naming both, without retrying', async () => {
    expect(vncCertSha256).toMatch(/^[0-9a-f]{64}$/);
    const rotated = await rotateVncCertificate(state, stackId);
    expect(rotated.vncCertSha256).not.toBe(vncCertSha256);
    // Xvnc restarted with the new certificate: the app reconnects, and refuses it before the password goes out.
    const alert = view().getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    await expect(alert.textContent()).resolves.toContain('different certificate');
    const facts = await alert.textContent();
    expect(facts).toContain(vncCertSha256);
    expect(facts).toContain(rotated.vncCertSha256);
    await expect(status('Not connected').count()).resolves.toBe(1);
    await expect(view().getByRole('button', { name: 'Try again' }).count()).resolves.toBe(0);
    // Final: no reconnect follows while the learner reads the alert.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await expect(status('Not connected').count()).resolves.toBe(1);
    expect(problems).toEqual([]);
  });
});
