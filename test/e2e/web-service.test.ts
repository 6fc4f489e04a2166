/**
 * A web page of the lab end to end, against the sandbox: the sample course's service (course.yaml
 * `lab.services`) is an HTTP server on the sandbox's lab host, on 127.0.0.1 only; the course is
 * launched as learner3, `lab-console serve` serves the UI and Chromium opens the service's tab as
 * a learner would. The page arrives through the lab's SSH connection (a direct-tcpip forward), on
 * a loopback port of its own that answers only with its one-time secret; a script in the page
 * cannot reach the app's page or API; closing the tab, or suspending the lab, closes the forward. axe
 * finds nothing serious or critical on the Lab screen showing the page (test-results/web-page-1366x800.png).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { sampleCourseVariant } from '../support/course-bundles';
import { learnerCli, learnerEnv } from '../support/learner-cli';
import { REPO_ROOT, startServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const COURSE = 'intro-linux';

/** What the page of the lab tries from inside the Lab tab: the app's page, and the app's API. */
const servicePage = (appPort: number): string => `<!doctype html><html lang="en"><title>My web page</title>
<h1>Hello from my lab</h1>
<script>
  const report = (what) => fetch('/report?' + new URLSearchParams({ what }));
  try { report('parent:' + window.parent.document.title); } catch (error) { report('parent:blocked'); }
  try { report('lab api:' + typeof window.parent.lab); } catch (error) { report('lab api:blocked'); }
  const ws = new WebSocket('ws://127.0.0.1:${appPort}/api');
  ws.onopen = () => report('websocket:opened');
  ws.onerror = () => report('websocket:refused');
  fetch('http://127.0.0.1:${appPort}/', { mode: 'cors' }).then(
    (answer) => answer.text().then((text) => report('app page:read ' + text.length)),
    () => report('app page:blocked'),
  );
</script>`;

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** One request from outside the browser (no cookie), as another local program would send it. */
function get(url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describeWithSandbox('a web page of the lab in a Lab tab, through the SSH forward, in a real browser', (sandbox) => {
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let service: Server;
  let servicePort: number;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const reports: string[] = [];
  const { cli, cliOk } = learnerCli(
    () => home.path,
    () => env,
  );
  const tab = (name: string) => page.getByRole('tablist', { name: 'Lab tabs' }).getByRole('tab', { name });
  const frame = () => page.locator('iframe.web-frame');

  beforeAll(async () => {
    home = tempHome('lc-e2e-web-');
    env = learnerEnv(sandbox(), home.path, 'learner3');
    // The lab host of the sandbox is this machine: the service listens on its loopback only, as a
    // learner's `python3 -m http.server --bind 127.0.0.1` would, out of reach but through the lab's SSH.
    service = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      const url = new URL(req.url ?? '/', 'http://service');
      if (url.pathname === '/report') reports.push(url.searchParams.get('what') ?? '');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'X-Frame-Options': 'DENY' });
      res.end(url.pathname === '/report' ? '' : servicePage(serve.port));
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    servicePort = (service.address() as AddressInfo).port;
    const yaml = readFileSync(join(REPO_ROOT, 'assets', 'sample-course', 'course.yaml'), 'utf8');
    expect(yaml).toContain('      port: 8080\n');
    await cliOk(
      'course',
      'import',
      sampleCourseVariant({
        'course.yaml': yaml
          .replace('      port: 8080\n', `      port: ${servicePort}\n`)
          .replace('suspend_timeout: 2m', 'suspend_timeout: 30m'),
      }),
    );
    await cliOk('lab', 'launch', COURSE, '--wait');
    serve = await startServe(home.path, env);
    let serveErrors = '';
    serve.child.stderr?.on('data', (chunk: Buffer) => (serveErrors += chunk.toString()));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
    await page.goto(serve.url);
    await page.goto(`http://127.0.0.1:${serve.port}/#/lab/${COURSE}`);
    // The Lab screen with its tabs before any test counts on them, within more than Playwright's
    // default 30 s: on a loaded machine the first screen can take that long. If it never comes, say
    // what the screen showed and whether serve still runs, rather than fail each test on its own.
    await tab('My web page')
      .waitFor({ timeout: 90_000 })
      .catch(async (error: unknown) => {
        const shown = await page
          .locator('.lab-pane')
          .innerText()
          .catch(() => '?');
        const running = serve.child.exitCode === null ? 'serve runs' : `serve exited (${serve.child.exitCode})`;
        throw new Error(
          `no tab "My web page" on the Lab screen in 90 s; it showed ${JSON.stringify(shown)}; ${running}: ${serveErrors.slice(-2000)}`,
          {
            cause: error,
          },
        );
      });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await new Promise((resolve) => service?.close(resolve));
    if (home) {
      const deleted = await cli('lab', 'delete', COURSE, '--wait');
      if (deleted.code !== 0) console.warn(`could not delete the test lab: ${deleted.stderr}`);
      home.remove();
    }
  }, 180_000);

  it("shows the service's page in its tab, reached as the lab machine reaches it", async () => {
    await tab('My web page').click();
    await page.getByRole('toolbar', { name: 'Web page: Web page' }).getByRole('status').filter({ hasText: 'Connected' }).waitFor({
      timeout: 60_000,
    });
    const content = page.frameLocator('iframe.web-frame');
    await content.getByRole('heading', { name: 'Hello from my lab' }).waitFor({ timeout: 30_000 });
    // The service was asked for by the name the lab machine knows it by, not the console's address.
    expect(seen.find((s) => s.url === '/')?.headers.host).toBe(`localhost:${servicePort}`);
    expect(seen.every((s) => !String(s.headers.cookie ?? '').includes('lc_web_'))).toBe(true);
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'web-page-1366x800.png') });
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  it("keeps the page's scripts away from the app's page and API", async () => {
    await expect.poll(() => reports.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
    expect(reports.sort()).toEqual(['app page:blocked', 'lab api:blocked', 'parent:blocked', 'websocket:refused']);
  });

  it('answers on a loopback port of its own, and only with its one-time secret', async () => {
    const entry = new URL((await frame().getAttribute('src'))!);
    expect(entry.hostname).toBe('127.0.0.1');
    expect(Number(entry.port)).not.toBe(serve.port);
    const requestsBefore = seen.length;
    // The address the view used is spent; without the secret nothing of the service is shown.
    const again = await get(entry.href);
    expect(again.status).toBe(403);
    const bare = await get(`${entry.origin}/`);
    expect(bare.status).toBe(403);
    expect(bare.body).not.toContain('Hello from my lab');
    expect(seen.length).toBe(requestsBefore);
    // Bound to 127.0.0.1 alone: another loopback address of this machine finds nothing there.
    expect(await accepts('127.0.0.1', Number(entry.port))).toBe(true);
    expect(await accepts('127.0.0.2', Number(entry.port))).toBe(false);
  });

  it('shows a fresh page on Reload, and closes the forward with its tab', async () => {
    const before = await frame().getAttribute('src');
    await page.getByRole('toolbar', { name: 'Web page: Web page' }).getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => frame().getAttribute('src')).not.toBe(before);
    await page.frameLocator('iframe.web-frame').getByRole('heading', { name: 'Hello from my lab' }).waitFor({ timeout: 30_000 });
    const port = Number(new URL((await frame().getAttribute('src'))!).port);
    await tab('My web page').focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => tab('My web page').count()).toBe(0);
    await expect.poll(() => accepts('127.0.0.1', port), { timeout: 15_000 }).toBe(false);
  });

  it('opens the page again from +, and closes its forward when the lab is suspended', async () => {
    await page.getByRole('button', { name: 'New tab' }).click();
    await page.getByRole('menu', { name: 'New tab' }).getByRole('menuitem', { name: 'Web page: Web page' }).click();
    await tab('Web page').waitFor();
    await page.frameLocator('iframe.web-frame').getByRole('heading', { name: 'Hello from my lab' }).waitFor({ timeout: 60_000 });
    const port = Number(new URL((await frame().getAttribute('src'))!).port);
    expect(await accepts('127.0.0.1', port)).toBe(true);
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    await expect.poll(() => accepts('127.0.0.1', port), { timeout: 90_000 }).toBe(false);
    await page
      .getByRole('toolbar', { name: 'Web page: Web page' })
      .getByText(/suspended/i)
      .first()
      .waitFor({ timeout: 30_000 });
  });
});
