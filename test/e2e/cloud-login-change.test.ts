/**
 * A school rotates a learner's password, in Chromium against the sandbox (browser mode): the
 * learner's clouds.yaml is tested on import (a mistyped password is refused in the dialog, nothing
 * kept); after the rotation, Launch says the cloud refused the sign-in and links to Settings ›
 * Clouds, where "Change login…" takes the new password in place (a wrong one refused, the old login
 * kept meanwhile) — no remove and re-add — and the lab launches and its terminal connects after.
 * The reference `openstack` CLI sees no stack from the refused launch and one from the good one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { KeystoneAdmin } from '../sandbox/keystone-admin';
import { OpenStackCli } from '../sandbox/reference-cli';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { launchChromium } from '../support/chromium';
import { learnerCli } from '../support/learner-cli';
import { REPO_ROOT, startServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

const COURSE = 'intro-linux';
const SAMPLE = join(REPO_ROOT, 'assets', 'sample-course');
const CLOUD = 'school';

describeWithSandbox('changing a cloud’s password in Settings › Clouds, in a real browser', (sandbox) => {
  let state: SandboxState;
  let admin: KeystoneAdmin;
  let reference: OpenStackCli;
  let home: ReturnType<typeof tempHome>;
  let userHome: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  // A learner of its own: the password changes, and no other suite signs in as it.
  const suffix = randomBytes(3).toString('hex');
  const user = { name: `rotating-${suffix}`, projectName: `lab-rotating-${suffix}`, id: '', projectId: '' };
  const firstPassword = `first-${randomBytes(8).toString('hex')}`;
  const rotatedPassword = `rotated-${randomBytes(8).toString('hex')}`;
  // No clouds.yaml anywhere the app looks: only the cloud imported through the screen.
  const env = (): NodeJS.ProcessEnv => ({
    HOME: userHome,
    XDG_CONFIG_HOME: join(userHome, '.config'),
    OS_CLOUD: '',
    OS_CLIENT_CONFIG_FILE: join(userHome, 'none.yaml'),
    LAB_CONSOLE_LAB_CLOUDS: '',
  });
  const { cli, cliOk } = learnerCli(() => home.path, env);

  const controls = () => page.locator('.lab-controls');
  const badge = () => controls().locator('.lab-badge');
  const labStacks = async (): Promise<{ 'Stack Name': string; 'Stack Status': string }[]> =>
    (
      await reference.json<{ 'Stack Name': string; 'Stack Status': string }[]>(
        { user: user.name, password: rotatedPassword, projectName: user.projectName },
        ['stack', 'list'],
      )
    ).filter((s) => s['Stack Name'].startsWith(`lc-${COURSE}-`));

  /** The learner's clouds.yaml as the school hands it out: Keystone, the account, and the sandbox's Heat environment. */
  const cloudsYaml = (password: string): string =>
    stringify({
      clouds: {
        [CLOUD]: {
          region_name: state.region,
          auth: {
            auth_url: state.keystone.url,
            username: user.name,
            password,
            project_name: user.projectName,
            user_domain_name: 'Default',
            project_domain_name: 'Default',
          },
          lab_console: { heat_environment: state.files.heatEnvironment },
        },
      },
    });

  beforeAll(async () => {
    state = sandbox();
    reference = new OpenStackCli(state);
    admin = await KeystoneAdmin.login(state.keystone.url, { user: 'admin', password: state.admin.password, projectName: 'admin' });
    user.projectId = await admin.ensureProject(user.projectName, { description: 'Labs of a learner whose password is rotated' });
    user.id = await admin.ensureUser(user.name, firstPassword, { defaultProjectId: user.projectId });
    await admin.grantProjectRole(user.projectId, user.id, await admin.ensureRole('member'));
    await admin.grantProjectRole(user.projectId, user.id, await admin.ensureRole('heat_stack_owner'));

    home = tempHome('lc-e2e-login-change-');
    userHome = mkdtempSync(join(tmpdir(), 'lc-e2e-user-'));
    await cliOk('course', 'import', SAMPLE);
    serve = await startServe(home.path, env());
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(serve.url);
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || !page) return;
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', `cloud-login-change-failed-${Date.now()}.png`) }).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    // Delete while serve still runs: stopping it first would queue a suspend ahead of the delete.
    if (home) {
      const deleted = await cli('lab', 'delete', COURSE, '--wait');
      if (deleted.code !== 0) console.warn(`could not delete the test lab: ${deleted.stderr}`);
    }
    if (serve) {
      const stopped = await Promise.race([serve.stop().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      if (!stopped) serve.child.kill('SIGKILL');
    }
    if (user.id) await admin.request('DELETE', `/users/${user.id}`).catch(() => undefined);
    if (user.projectId) await admin.request('DELETE', `/projects/${user.projectId}`).catch(() => undefined);
    home?.remove();
    if (userHome) rmSync(userHome, { recursive: true, force: true });
  }, 180_000);

  it('refuses a clouds.yaml with a mistyped password in the import dialog, then imports the right one', async () => {
    await page.goto(`${serve.url}#/settings`);
    await page.getByText('No cloud is set up yet.').waitFor();
    await page.getByRole('button', { name: 'Add cloud…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a cloud' });
    const paste = async (text: string): Promise<void> => {
      await dialog.getByLabel('or paste it').fill(text);
      await dialog.getByRole('button', { name: 'Find clouds' }).click();
      await dialog.getByRole('checkbox', { name: new RegExp(CLOUD) }).waitFor();
      await dialog.getByRole('button', { name: 'Import cloud' }).click();
    };

    await paste(cloudsYaml('not-the-password'));
    const refused = dialog.getByRole('alert', { name: 'Clouds not imported' });
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.innerText()).toMatch(
      new RegExp(`Not imported: ${CLOUD} did not sign in\\.[\\s\\S]*user, password or application credential`),
    );
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'cloud-import-refused.png'), fullPage: true });
    expect(await page.getByRole('list', { name: 'Clouds' }).count()).toBe(0);

    await paste(cloudsYaml(firstPassword));
    await page.getByText(`Added ${CLOUD}. Press Test to check it.`).waitFor({ timeout: 30_000 });
    await page
      .getByRole('listitem', { name: new RegExp(CLOUD) })
      .getByText('Default', { exact: true })
      .waitFor();
  });

  it('after the school rotates the password, Launch says the sign-in was refused, links to Settings › Clouds, and creates nothing', async () => {
    await admin.request('PATCH', `/users/${user.id}`, { user: { password: rotatedPassword } });
    await page.goto(`${serve.url}#/lab/${COURSE}`);
    await controls().getByRole('button', { name: 'Launch', exact: true }).click();
    const message = controls().locator('.lab-message-text:not(.lab-message-quiet)');
    await expect
      .poll(() => message.innerText(), { timeout: 60_000 })
      .toMatch(/^Launch did not finish: the cloud refused your sign-in \(since \d\d:\d\d\)\.$/);
    // Nothing was made, so nothing is claimed: the badge still says there is no lab.
    expect(await badge().innerText()).toBe('No lab');
    expect(await message.innerText()).not.toMatch(/reset/i);
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'cloud-login-refused-launch.png') });
    expect(await labStacks()).toEqual([]);
    await controls().getByRole('link', { name: 'Open Settings › Clouds' }).click();
    await page.getByRole('listitem', { name: new RegExp(CLOUD) }).waitFor();
  });

  it('takes the new password in place: a wrong one is refused and changes nothing, the right one is saved', async () => {
    const item = page.getByRole('listitem', { name: new RegExp(CLOUD) });
    await item.getByRole('button', { name: `Change the login of ${CLOUD}` }).click();
    const form = item.getByRole('form', { name: `Change the login of ${CLOUD}` });
    expect(await form.getByLabel('User name').inputValue()).toBe(user.name);

    await form.getByLabel('New password').fill('still-not-it');
    await form.getByRole('button', { name: 'Save login' }).click();
    await expect.poll(() => form.getByRole('alert').innerText(), { timeout: 30_000 }).toMatch(/refused|401/);

    await form.getByLabel('New password').fill(rotatedPassword);
    await form.getByRole('button', { name: 'Save login' }).click();
    await page.getByText(`Saved the new login of ${CLOUD}: it signed in and reached Heat.`).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'cloud-login-changed.png'), fullPage: true });
    // Still one cloud, still the default: changed, not removed and added again.
    expect(await page.getByRole('list', { name: 'Clouds' }).getByRole('listitem').count()).toBe(1);
    await item.getByText('Default', { exact: true }).waitFor();
  });

  it('launches the lab with the new password: Running, its terminal connects, one stack in Heat', async () => {
    await page.goto(`${serve.url}#/lab/${COURSE}`);
    await controls().getByRole('button', { name: 'Launch', exact: true }).click();
    await expect.poll(() => badge().innerText(), { timeout: 180_000, interval: 500 }).toBe('Running');
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await page.locator('.terminal-view:not([hidden])').getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 60_000 });
    expect((await labStacks()).map((s) => s['Stack Status'])).toEqual(['CREATE_COMPLETE']);
  }, 300_000);
});
