/**
 * Settings › Clouds in a real browser (browser mode: `lab-console serve` + Chromium) against the
 * sandbox: add the sandbox cloud with learner1's application credential, test it (the same check as
 * `lab-console cloud check`), add a second cloud with a password, make the first the default, and
 * see the choice survive a reload and reach the CLI.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/core/cli/cli-main';
import { CloudListSchema } from '../../src/shared/openstack/cloud-summary';
import { learner, type SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT, startServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

describeWithSandbox('Settings › Clouds in a real browser', (sandbox) => {
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let userHome: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  // No clouds.yaml anywhere the app looks: only the clouds added through the screen.
  const env = (): NodeJS.ProcessEnv => ({
    HOME: userHome,
    XDG_CONFIG_HOME: join(userHome, '.config'),
    OS_CLOUD: '',
    OS_CLIENT_CONFIG_FILE: join(userHome, 'none.yaml'),
    LAB_CONSOLE_LAB_CLOUDS: '',
  });

  beforeAll(async () => {
    state = sandbox();
    home = tempHome('lc-e2e-settings-');
    userHome = mkdtempSync(join(tmpdir(), 'lc-e2e-user-'));
    serve = await startServe(home.path, env());
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${serve.url}#/settings`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    home?.remove();
    rmSync(userHome, { recursive: true, force: true });
  });

  it('adds the sandbox cloud from an application credential', async () => {
    await page.getByText('No cloud is set up yet.').waitFor();
    await page.getByRole('button', { name: 'Add cloud…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a cloud' });
    await dialog.getByRole('tab', { name: 'Application credential' }).click();
    await dialog.getByLabel('Name').fill('sandbox');
    await dialog.getByLabel('Auth URL').fill(state.keystone.url);
    await dialog.getByLabel('Credential ID').fill(state.appCredential.id);
    await dialog.getByLabel('Credential secret').fill(state.appCredential.secret);
    await dialog.getByLabel('Region').fill(state.region);
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await dialog.screenshot({ path: join(REPO_ROOT, 'test-results', 'settings-clouds-add.png') });
    await dialog.getByRole('button', { name: 'Add cloud' }).click();
    await page.getByText('Added sandbox. Press Test to check it.').waitFor();
    expect(
      await page
        .getByRole('listitem', { name: /sandbox/ })
        .getByText('Application credential')
        .isVisible(),
    ).toBe(true);
  });

  it('tests it: logged in as learner1 in its project, Heat reachable', async () => {
    const item = page.getByRole('listitem', { name: /sandbox/ });
    await item.getByRole('button', { name: 'Test sandbox' }).click();
    await item.getByText('sandbox works.').waitFor({ timeout: 30_000 });
    expect(await item.getByText(`${state.appCredential.userName} in project ${learner(state, 1).projectName}`).isVisible()).toBe(true);
    expect(await item.getByText('reachable', { exact: true }).isVisible()).toBe(true);
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'settings-clouds-test.png'), fullPage: true });
  });

  it('adds a password cloud, makes the first the default, and the choice persists for the app and the CLI', async () => {
    await page.getByRole('button', { name: 'Add cloud…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a cloud' });
    await dialog.getByRole('tab', { name: 'Password' }).click();
    const form = dialog.getByRole('form', { name: 'Add a cloud with a password' });
    await form.getByLabel('Name', { exact: true }).fill('learner2');
    await form.getByLabel('Auth URL').fill(state.keystone.url);
    await form.getByLabel('User name').fill(learner(state, 2).name);
    await form.getByLabel('Password', { exact: true }).fill(learner(state, 2).password);
    await form.getByLabel('Project', { exact: true }).fill(learner(state, 2).projectName);
    await form.getByRole('button', { name: 'Add cloud' }).click();
    await page.getByText('Added learner2. Press Test to check it.').waitFor();
    // The app tried to keep an application credential instead of the password; this Heat refuses them.
    const notes = page.getByRole('list', { name: 'Notes on the added clouds' });
    expect(await notes.textContent()).toMatch(
      /refuses to create stacks with an application credential \(Heat answered 403.*keeps the password of user "learner2"/,
    );

    await page.getByRole('button', { name: 'Make sandbox the default' }).click();
    await page.getByText('sandbox is now the default cloud.').waitFor();
    await page.reload();
    const item = page.getByRole('listitem', { name: /sandbox/ });
    await item.getByText('Default', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Make sandbox the default' }).count()).toBe(0);
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'settings-clouds-default.png'), fullPage: true });

    let stdout = '';
    const code = await runCli(['--home', home.path, '--json', 'cloud', 'list'], {
      streams: { stdout: (t) => void (stdout += t), stderr: () => undefined },
      env: env(),
    });
    expect(code).toBe(0);
    const list = CloudListSchema.parse(JSON.parse(stdout));
    expect(list.defaultCloud).toBe('sandbox');
    expect(list.clouds.map((c) => c.name).sort()).toEqual(['learner2', 'sandbox']);
    expect(stdout).not.toContain(state.appCredential.secret);
  });

  it('sets the fallback order with capacities and a usage limit, kept in config.json', async () => {
    const limits = page.getByRole('region', { name: 'Lab limits' });
    for (const name of ['sandbox', 'learner2']) {
      await limits.getByLabel('Add a cloud to the order').selectOption(name);
      await limits.getByRole('button', { name: 'Add', exact: true }).click();
    }
    await limits.getByLabel('Capacity of sandbox').fill('2');
    await limits.getByRole('button', { name: 'Move learner2 up' }).click();
    await limits.getByRole('button', { name: 'Save order' }).click();
    await limits.getByText('Saved the order.').waitFor();
    await limits.getByRole('checkbox', { name: 'Limit the running hours of labs' }).check();
    await limits.getByLabel('Hours', { exact: true }).fill('10');
    await limits.getByLabel('When reached').selectOption('block');
    await limits.getByRole('button', { name: 'Save limit' }).click();
    await limits.getByText('Saved: launching stops after 10 lab hours.').waitFor();
    await limits.screenshot({ path: join(REPO_ROOT, 'test-results', 'settings-lab-limits.png') });
    const config = JSON.parse(readFileSync(join(home.path, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config.labClouds).toEqual([
      { name: 'learner2', capacity: -1 },
      { name: 'sandbox', capacity: 2 },
    ]);
    expect(config.usageLimit).toEqual({ hours: 10, mode: 'block' });
  });
});
