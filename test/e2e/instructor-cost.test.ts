/**
 * The Instructor screen as an instructor uses it, in a real browser (browser mode: `lab-console
 * serve` + Chromium) over a small cohort of real Heat stacks — learner1's lab running, learner2's
 * suspended, learner3's failed — on a cloud whose clouds.yaml sets per-second rates: learners by
 * their Keystone user names, states in words, a filled cost column, the running-labs chart with its
 * axes and legend, "Export CSV" giving what `lab-console cohort export` gives, and bulk actions
 * offered only where they apply, their progress bar gone once done.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/core/cli/cli-main';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { COHORT_CSV_COLUMNS } from '../../src/shared/cohort/cohort-csv';
import { connectTo } from '../integration/openstack-sandbox';
import { createLab, deleteRunStacks, FAILING_LAB, TINY_LAB } from '../integration/cohort-labs';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { launchChromium } from '../support/chromium';
import { writeLabClouds } from '../support/lab-harness';
import { startServe, stopServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

// 0.01 per second running, 0.0001 suspended: a lab up for a minute already costs cents.
const RATES = { running_per_hour: 36, suspended_per_hour: 0.36, currency: 'EUR' };

/** RFC 4180 lines of a cohort CSV, each a record keyed by its column (no cell here holds a comma or quote). */
function csvRecords(text: string): { header: string; rows: Record<string, string>[] } {
  const [header = '', ...lines] = text.trim().split('\r\n');
  const columns = header.split(',');
  return { header, rows: lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i]!, cell]))) };
}

describeWithSandbox('instructor screen: names, state words, cost, chart, CSV export and bulk actions in a real browser', (sandbox) => {
  const run = randomBytes(3).toString('hex');
  const course = `e2e-cost-${run}`;
  let state: SandboxState;
  const learners: OpenStackConnection[] = [];
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    state = sandbox();
    home = tempHome('lc-e2e-instructor-cost-');
    env = writeLabClouds(state, home.path, [{ name: 'teacher', user: state.instructor.name, rates: RATES }]);
    for (const n of [1, 2, 3]) learners.push(await connectTo(state, `learner${n}`));
    const [l1, l2, l3] = learners as [OpenStackConnection, OpenStackConnection, OpenStackConnection];
    // Each lab made as its learner, tagged as the app tags it: Heat records the learner as its owner.
    await Promise.all([
      createLab(l1, course, run, { template: TINY_LAB }),
      createLab(l2, course, run, { template: TINY_LAB }).then((s) => l2.stacks.suspend(s.ref, { timeoutMs: 60_000 })),
      createLab(l3, course, run, { template: FAILING_LAB }, { expectFailure: true }),
    ]);
    serve = await startServe(join(home.path, 'data'), { ...env, OS_CLOUD: 'teacher' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stopServe(serve);
    await Promise.all(learners.map((l) => deleteRunStacks(l, run)));
    await Promise.all(learners.map((l) => l.close()));
    home?.remove();
  }, 240_000);

  const body = () => page.locator('table[aria-label="Labs"] tbody');
  const learnerCells = () => body().locator('tr td:nth-child(2)').allTextContents();
  const stateCells = () => body().locator('tr td:nth-child(3)').allTextContents();
  const costCells = () => body().getByTestId('cost').allTextContents();
  const row = (learner: string) =>
    body()
      .locator('tr')
      .filter({ has: page.getByRole('button', { name: learner, exact: true }) });

  it('names learners by their Keystone user name, the project only in the lab’s detail, and states in words', async () => {
    await page.goto(`${serve.url}#/instructor/${course}`);
    await expect.poll(() => page.getByTestId('row-count').textContent(), { timeout: 90_000 }).toBe('3 of 3 labs');
    expect(await learnerCells()).toEqual(['learner1', 'learner2', 'learner3']);
    expect(await stateCells()).toEqual(['Running', 'Suspended', 'Failed']);
    const tableText = (await body().textContent()) ?? '';
    expect(tableText).not.toMatch(/lab-learner|_COMPLETE|_FAILED/);
    // Heat's own word stays at hand, in the cell's title.
    expect(await row('learner2').locator('td:nth-child(3)').getAttribute('title')).toMatch(/^SUSPEND_COMPLETE/);

    await page.getByRole('button', { name: 'learner1', exact: true }).click();
    const detail = page.getByRole('complementary', { name: 'Lab of learner1' });
    await expect.poll(() => detail.textContent()).toContain('Project lab-learner1');
    await detail.getByRole('button', { name: /close/i }).click();
  });

  it('fills the cost column and the month’s total from the clouds.yaml rates, in their currency', async () => {
    await expect.poll(costCells, { timeout: 60_000 }).toHaveLength(3);
    const costs = await costCells();
    for (const cost of costs) expect(cost).toMatch(/^€\d+\.\d\d$/);
    const amounts = costs.map((c) => Number(c.slice(1)));
    expect(amounts[0]).toBeGreaterThan(0);
    // The rate a lab pays now, per its state: the clouds.yaml figures.
    expect(await row('learner1').getByTestId('cost').getAttribute('title')).toBe('€36.00/h now');
    expect(await row('learner2').getByTestId('cost').getAttribute('title')).toBe('€0.36/h now');
    // The month's total is the column's sum (each row already in cents).
    const total = Number((await page.getByTestId('cost-month').textContent())!.replace(/^€/, ''));
    expect(total).toBeCloseTo(
      amounts.reduce((a, b) => a + b, 0),
      2,
    );
    expect(await page.getByRole('region', { name: 'Totals' }).textContent()).toMatch(
      /· billed \d[\d.]* (min|h) running, \d[\d.]* (min|h) suspended/,
    );
  });

  it('draws running labs over the last 7 days with a count axis, a day axis and a legend', async () => {
    const chart = page.locator('figure.cohort-chart');
    await expect.poll(() => chart.getByRole('img').getAttribute('aria-label')).toMatch(/^Running labs over the last 7 days, now [1-9]/);
    const counts = await chart.getByTestId('count-axis').locator('text').allTextContents();
    expect(counts[0]).toBe('0');
    expect(counts.length).toBeGreaterThanOrEqual(2);
    const days = await chart.getByTestId('time-axis').locator('text').allTextContents();
    expect(days.length).toBeGreaterThanOrEqual(6);
    // Days as the reader's language writes them (the browser here is en-US: "12/06"), in UTC.
    const dayOf = new Intl.DateTimeFormat('en-US', { month: '2-digit', day: '2-digit', timeZone: 'UTC' });
    for (const day of days) expect(day).toMatch(/^\d\d\/\d\d$/);
    expect(days).toContain(dayOf.format(new Date()));
    expect(await chart.locator('polyline').getAttribute('points')).toMatch(/^[\d.]+,[\d.]+( [\d.]+,[\d.]+){100,}$/);
    expect(await chart.locator('figcaption').textContent()).toMatch(/Running labs \(count, each hour; days in UTC\)/);
    expect(await chart.locator('.chart-legend-swatch').count()).toBe(1);
  });

  it('exports from the screen the CSV that `lab-console cohort export` writes: the same columns, the same row', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^cohort-${course}-\\d{4}-\\d\\d-\\d\\d\\.csv$`));
    const screen = csvRecords(readFileSync((await download.path())!, 'utf8'));
    // The file holds what the table shows.
    const shownCost = screen.rows.find((r) => r.learner === 'learner2')!.costMonth;
    expect(await row('learner2').getByTestId('cost').textContent()).toBe(`€${Number(shownCost).toFixed(2)}`);

    const file = join(home.path, 'export.csv');
    let stderr = '';
    const code = await runCli(
      ['--home', join(home.path, 'cli'), '--os-cloud', 'teacher', 'cohort', 'export', '--course', course, '--csv', file],
      {
        streams: { stdout: () => undefined, stderr: (t) => void (stderr += t) },
        env,
      },
    );
    expect(code, stderr).toBe(0);
    const cli = csvRecords(readFileSync(file, 'utf8'));

    expect(screen.header).toBe(COHORT_CSV_COLUMNS.join(','));
    expect(cli.header).toBe(screen.header);
    expect(screen.rows.map((r) => r.learner).sort()).toEqual(['learner1', 'learner2', 'learner3']);
    expect(cli.rows.map((r) => r.learner).sort()).toEqual(['learner1', 'learner2', 'learner3']);
    // The suspended lab's row: equal cell for cell, but for what its suspended seconds add between the two listings.
    const fromScreen = screen.rows.find((r) => r.learner === 'learner2')!;
    const fromCli = cli.rows.find((r) => r.learner === 'learner2')!;
    const accruing = ['suspendedSecondsMonth', 'costMonth'];
    // Activity is what each data folder last read from the lab while it ran: the same columns, not always the same figure.
    const lastRead = ['activeSecondsMonth', 'wasteRatio'];
    for (const column of COHORT_CSV_COLUMNS.filter((c) => !accruing.includes(c) && !lastRead.includes(c)))
      expect(fromCli[column], column).toBe(fromScreen[column]);
    expect(fromScreen).toMatchObject({ state: 'SUSPEND_COMPLETE', group: 'down', projectName: 'lab-learner2', perHourNow: '0.36' });
    const later = Number(fromCli.suspendedSecondsMonth) - Number(fromScreen.suspendedSecondsMonth);
    expect(later).toBeGreaterThanOrEqual(0);
    expect(later).toBeLessThan(120);
    expect(Math.abs(Number(fromCli.costMonth) - Number(fromScreen.costMonth))).toBeLessThanOrEqual(0.02);
  });

  it('offers Resume, not Suspend, for a suspended lab (and the reverse for a running one); the bar is gone when done and Heat agrees', async () => {
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    const suspend = bulk.getByRole('button', { name: /^Suspend/ });
    const resume = bulk.getByRole('button', { name: /^Resume/ });

    await page.getByLabel('Select learner1').check();
    expect(await suspend.isEnabled()).toBe(true);
    expect(await resume.isDisabled()).toBe(true);
    await bulk.getByRole('button', { name: 'Clear selection' }).click();

    await page.getByLabel('Select learner2').check();
    expect(await suspend.isDisabled()).toBe(true);
    expect(await resume.isEnabled()).toBe(true);
    // Whether the bar was there at all while the action ran (it may last only a moment).
    await page.evaluate(() => {
      const seen = window as unknown as { sawResumeBar?: boolean };
      new MutationObserver(() => {
        if (document.querySelector('[role="progressbar"][aria-label="resume progress"]')) seen.sawResumeBar = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await resume.click();
    await expect.poll(() => bulk.getByText('resume: 1 of 1 — 1 done, 0 skipped, 0 failed').count(), { timeout: 60_000 }).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { sawResumeBar?: boolean }).sawResumeBar)).toBe(true);
    expect(await page.getByRole('progressbar', { name: 'resume progress' }).count()).toBe(0);
    expect(await bulk.getByText('0 selected').count()).toBe(1);

    const lab = (await learners[1]!.heat.listAll({ tags: [`lc-course=${course}`] }))[0]!;
    expect(lab.status).toMatch(/^RESUME_(IN_PROGRESS|COMPLETE)$/);
    // The screen follows: learner2's lab is up again, with the running rate.
    await expect.poll(() => row('learner2').locator('td:nth-child(3)').textContent(), { timeout: 60_000 }).toBe('Running');
    await expect.poll(() => row('learner2').getByTestId('cost').getAttribute('title'), { timeout: 30_000 }).toBe('€36.00/h now');
  });
});
