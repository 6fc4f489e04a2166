/**
 * An edited rate reaches the learner, in a real browser (browser mode: `lab-console serve` +
 * Chromium) against the sandbox: a cloud added in the app (its rates in Settings › Clouds, no
 * clouds.yaml anywhere), a real lab launched and suspended on it. The lab header's cost line shows
 * the first rates; the learner changes them with the Rates… form; back on the Lab screen the line,
 * and `lab-console lab status`, show the cost of the same Heat events at the new rates, as computed
 * here from those events.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/core/cli/cli-main';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { LabStatusOutput } from '../../src/shared/labs/lab-status';
import type { StackEvent } from '../../src/shared/openstack/stack';
import { connectTo } from '../integration/openstack-sandbox';
import { learner, type SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { launchChromium } from '../support/chromium';
import { sampleCourseVariant, SAMPLE_COURSE } from '../support/lab-harness';
import { startServe, stopServe, type ServeProcess } from '../support/serve-process';
import { openServeApi } from '../support/serve-api';
import { stackStateSeconds } from '../support/stack-state-seconds';
import { tempHome } from '../support/temp-home';

const CLOUD = 'school';
const COURSE = 'rates-edit-e2e';
/** Per second: 0.01 running, 0.0001 suspended. */
const FIRST = { runningPerHour: 36, suspendedPerHour: 0.36, currency: 'EUR' };
/** Ten times the running rate, a hundredth of the suspended one: the two costs differ by euros. */
const EDITED = { runningPerHour: 360, suspendedPerHour: 0.0036, currency: 'EUR' };

type Rates = typeof FIRST;

/** The test's own reading of Heat's events at `rates`: each stack-level state lasts until the next; suspended is not running. */
function costFromEvents(events: readonly StackEvent[], rates: Rates, at: number): number {
  const { running, suspended } = stackStateSeconds(events, at);
  const cost = (running / 3600) * rates.runningPerHour + (suspended / 3600) * rates.suspendedPerHour;
  return Math.round(cost * 100) / 100;
}

const euros = (amount: number) => `€${amount.toFixed(2)}`;

describeWithSandbox('an edited rate: the lab header and lab status follow it, in a real browser', (sandbox) => {
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let userHome: string;
  let env: NodeJS.ProcessEnv;
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let heat: OpenStackConnection;
  let stack: { name: string; id: string };

  async function cli(...args: string[]): Promise<string> {
    let out = '';
    let err = '';
    const streams = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };
    const code = await runCli(['--home', home.path, ...args], { streams, env });
    expect(code, `${args.join(' ')}: ${err}`).toBe(0);
    return out;
  }

  /** The header's cost line as the page shows it, with the instants it was asked and read between. */
  async function headerLine(): Promise<{ text: string; from: number; to: number }> {
    const from = Date.now();
    await page.goto(`${serve!.url}#/lab/${COURSE}`);
    const line = page.getByLabel('Lab cost', { exact: true });
    await line.waitFor({ timeout: 60_000 });
    const text = (await line.textContent()) ?? '';
    return { text, from, to: Date.now() };
  }

  beforeAll(async () => {
    state = sandbox();
    home = tempHome('lc-e2e-rates-edit-');
    userHome = mkdtempSync(join(tmpdir(), 'lc-e2e-rates-user-'));
    // No clouds.yaml anywhere the app looks: the cloud is one added in the app, whose rates Settings edits.
    env = {
      ...process.env,
      HOME: userHome,
      XDG_CONFIG_HOME: join(userHome, '.config'),
      OS_CLOUD: '',
      OS_CLIENT_CONFIG_FILE: join(userHome, 'none.yaml'),
      OS_CLIENT_SECURE_FILE: join(userHome, 'none-secure.yaml'),
      LAB_CONSOLE_LAB_CLOUDS: '',
    };
    const me = learner(state, 1);
    const cloudsYaml = stringify({
      clouds: {
        [CLOUD]: {
          region_name: state.region,
          auth: {
            auth_url: state.keystone.url,
            username: me.name,
            password: me.password,
            project_name: me.projectName,
            user_domain_name: 'Default',
            project_domain_name: 'Default',
          },
          // The sandbox's Lab::Host, as its own clouds.yaml names it.
          lab_console: { heat_environment: state.files.heatEnvironment },
        },
      },
    });
    serve = await startServe(home.path, env);
    // Added as Settings › Clouds adds a clouds.yaml: through the contract of the running app.
    const api = await openServeApi(serve);
    try {
      await api.call('clouds.add', { kind: 'clouds-yaml', cloudsYaml });
      await api.call('clouds.setDefault', { name: CLOUD });
      await api.call('clouds.setRates', { name: CLOUD, rates: FIRST });
    } finally {
      api.close();
    }
    const yaml = readFileSync(join(SAMPLE_COURSE, 'course.yaml'), 'utf8').replace(/^id: intro-linux$/m, `id: ${COURSE}`);
    await cli('course', 'import', sampleCourseVariant(userHome, { 'course.yaml': yaml }));
    // A short real session: launch, run a few seconds, suspend. Its cost then grows by the suspended rate only.
    await cli('--os-cloud', CLOUD, 'lab', 'launch', COURSE, '--wait');
    await new Promise((r) => setTimeout(r, 3_000));
    await cli('--os-cloud', CLOUD, 'lab', 'suspend', COURSE, '--wait');
    const status = LabStatusOutput.parse(JSON.parse(await cli('--json', '--os-cloud', CLOUD, 'lab', 'status', COURSE)));
    expect(status.lab?.state).toBe('SUSPEND_COMPLETE');
    stack = { name: status.lab!.stackName, id: status.lab!.stackId! };
    heat = await connectTo(state, 'learner1');

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await stopServe(serve);
    if (home) await cli('--os-cloud', CLOUD, 'lab', 'delete', COURSE, '--wait').catch(() => undefined);
    await heat?.close();
    home?.remove();
    if (userHome) rmSync(userHome, { recursive: true, force: true });
  }, 240_000);

  /** The cost lines the header may show between two instants (a suspended second adds under a cent). */
  const costsBetween = async (rates: Rates, from: number, to: number): Promise<string[]> => {
    const events = await heat.heat.events(stack);
    return [...new Set([costFromEvents(events, rates, from), costFromEvents(events, rates, to)])].map(
      (cost) => `${euros(cost)} this month · ${euros(rates.suspendedPerHour)}/h now`,
    );
  };

  it('shows the cost at the first rates in the lab header', async () => {
    const shown = await headerLine();
    expect(await costsBetween(FIRST, shown.from, shown.to)).toContain(shown.text);
  });

  it('after the rates are edited in Settings › Clouds, the header and lab status give the cost of the same events at the new rates', async () => {
    await page.goto(`${serve!.url}#/settings`);
    const item = page.getByRole('listitem', { name: new RegExp(CLOUD) });
    await item.getByRole('button', { name: `Set the rates of ${CLOUD}` }).click();
    const form = page.getByRole('form', { name: `Rates of ${CLOUD}` });
    expect(await form.getByLabel('Running, per hour').inputValue()).toBe('36');
    await form.getByLabel('Running, per hour').fill(String(EDITED.runningPerHour));
    await form.getByLabel('Suspended, per hour').fill(String(EDITED.suspendedPerHour));
    await form.getByRole('button', { name: 'Save rates' }).click();
    await page.getByText(`Saved the rates of ${CLOUD}: costs use them from now on.`).waitFor();

    const shown = await headerLine();
    const expected = await costsBetween(EDITED, shown.from, shown.to);
    expect(expected, shown.text).toContain(shown.text);
    // Not the old figure: the running seconds at ten times the rate.
    expect(await costsBetween(FIRST, shown.from, shown.to)).not.toContain(shown.text);

    const status = LabStatusOutput.parse(JSON.parse(await cli('--json', '--os-cloud', CLOUD, 'lab', 'status', COURSE)));
    const events = await heat.heat.events(stack);
    expect(status.cost?.rate).toMatchObject({ runningPerHour: 360, suspendedPerHour: 0.0036, currency: 'EUR' });
    expect(status.cost?.cost).toBe(costFromEvents(events, EDITED, Date.parse(status.cost!.at)));
    expect(status.cost?.perHourNow).toBe(EDITED.suspendedPerHour);
  });
});
