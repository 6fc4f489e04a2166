/**
 * The Instructor dashboard in a real browser (browser mode: `lab-console serve` + Chromium) over a
 * cohort of over a hundred real Heat stacks across the sandbox's learner projects: filter, search,
 * sort, bulk suspend with its progress, and Heat agreeing afterwards; then the cohort narrowed in
 * Settings › Instructor, for the dashboard and the CLI alike.
 *
 * LAB_E2E_COHORT_LABS sets how many labs (default 120: more rows than the table draws at once, and
 * ~25 s to create on a 2-core machine; the cohort bench measures bigger cohorts).
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/core/cli/cli-main';
import { mapBounded } from '../../src/core/courses/bounded-parallel';
import { CohortListing } from '../../src/shared/cohort/cohort-lab';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { connectTo } from '../integration/openstack-sandbox';
import { deleteRunStacks, testTags, TINY_LAB } from '../integration/cohort-labs';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { launchChromium } from '../support/chromium';
import { startServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

const LABS = Number(process.env.LAB_E2E_COHORT_LABS ?? 120);

describeWithSandbox(`instructor dashboard with ${LABS} labs in a real browser`, (sandbox) => {
  const run = randomBytes(3).toString('hex');
  const course = `e2e-cohort-${run}`;
  let state: SandboxState;
  const learners: OpenStackConnection[] = [];
  let home: ReturnType<typeof tempHome>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    state = sandbox();
    for (const n of [1, 2, 3]) learners.push(await connectTo(state, `learner${n}`));
    // Users u000…uNNN spread over the learner projects; every fifth one suspended.
    const specs = Array.from({ length: LABS }, (_, i) => ({
      i,
      learner: learners[i % learners.length]!,
      user: `u${String(i).padStart(3, '0')}`,
    }));
    await mapBounded(specs, 10, async ({ i, learner, user }) => {
      const name = `lc-${course}-${user}`;
      const stack = await learner.heat.create({ template: TINY_LAB, name, tags: testTags(course, user, run) });
      if (i % 5 === 0) {
        for (let k = 0; k < 100 && (await learner.heat.get(stack)).status !== 'CREATE_COMPLETE'; k++)
          await new Promise((r) => setTimeout(r, 100));
        await learner.heat.suspend(stack);
      }
    });
    home = tempHome('lc-e2e-instructor-');
    serve = await startServe(home.path, {
      OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml,
      OS_CLIENT_SECURE_FILE: state.files.secureYaml,
      OS_CLOUD: 'instructor',
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    home?.remove();
    await Promise.all(learners.map((l) => deleteRunStacks(l, run, 10)));
    await Promise.all(learners.map((l) => l.close()));
  }, 600_000);

  const rowCount = () => page.getByTestId('row-count').textContent();

  it('lists every lab in one scrolling table, with totals that agree with Heat', async () => {
    const started = Date.now();
    await page.goto(`${serve.url}#/instructor/${course}`);
    await expect.poll(rowCount, { timeout: 90_000 }).toBe(`${LABS} of ${LABS} labs`);
    console.log(`dashboard: ${LABS} labs listed and shown in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const suspended = Math.ceil(LABS / 5);
    await expect.poll(() => page.getByTestId('running-now').textContent(), { timeout: 30_000 }).toBe(String(LABS - suspended));
    // One scrolling table: the rows in view are drawn, every lab is counted for screen readers, and
    // the keyboard (or the scrollbar) reaches the last one.
    const table = page.getByRole('table', { name: 'Labs' });
    expect(await table.getAttribute('aria-rowcount')).toBe(String(LABS + 1));
    const drawn = table.locator('tbody tr[aria-rowindex]');
    if (LABS > 60) expect(await drawn.count()).toBeLessThan(LABS);
    await table.locator('tbody tr[aria-rowindex="2"]').focus();
    await page.keyboard.press('End');
    const focused = () =>
      page.evaluate(() => {
        const row = document.activeElement;
        const box = row?.closest('.cohort-table-wrap')?.getBoundingClientRect();
        const at = row?.getBoundingClientRect();
        const inView = !!box && !!at && at.top >= box.top && at.bottom <= box.bottom + 1;
        return `${row?.getAttribute('aria-rowindex')} ${inView ? 'in view' : 'hidden'}`;
      });
    await expect.poll(focused).toBe(`${LABS + 1} in view`);
    await page.keyboard.press('ArrowUp');
    await expect.poll(focused).toBe(`${LABS} in view`);
    await page.keyboard.press('Home');
    await expect.poll(focused).toBe('2 in view');
  });

  it('filters by state, searches a learner and sorts by state', async () => {
    await page.getByLabel('Filter by state').selectOption('down');
    await expect.poll(rowCount).toBe(`${Math.ceil(LABS / 5)} of ${LABS} labs`);
    await page.getByLabel('Filter by state').selectOption('all');
    await page.getByLabel('Search learners').fill('u01');
    await expect.poll(rowCount).toBe(`10 of ${LABS} labs`);
    await page.getByRole('button', { name: /^State/ }).click();
    const states = await page.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(states).toEqual([...states].sort());
    // An instructor reads states in words (Heat's own in the cell's tooltip).
    expect(states[0]).toBe('Running');
    expect(states.at(-1)).toBe('Suspended');
  });

  it('suspends the selected running labs in bulk, with progress and per-lab results, and Heat agrees', async () => {
    await page.getByLabel('Filter by state').selectOption('up');
    await page.getByLabel('Search learners').fill('u02');
    await expect.poll(rowCount).toBe(`8 of ${LABS} labs`);
    await page.getByLabel('Select all matching labs').check();
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    const bar = page.getByRole('progressbar', { name: 'suspend progress' });
    await expect.poll(() => page.getByText(/suspend: 8 of 8 — 8 done, 0 skipped, 0 failed/).count(), { timeout: 60_000 }).toBe(1);
    // The bar is shown while the action runs, and cleared when it is done.
    await expect.poll(() => bar.count(), { timeout: 5_000 }).toBe(0);

    const wanted = ['u021', 'u022', 'u023', 'u024', 'u026', 'u027', 'u028', 'u029'];
    const all = (await Promise.all(learners.map((l) => l.heat.listAll({ tags: [`lc-course=${course}`] })))).flat();
    const picked = all.filter((s) => wanted.some((u) => s.name.endsWith(`-${u}`)));
    expect(picked).toHaveLength(8);
    for (const s of picked) expect(s.status).toMatch(/^SUSPEND_(IN_PROGRESS|COMPLETE)$/);
    // Nothing else was touched: u031 is still up.
    expect(all.find((s) => s.name.endsWith('-u031'))!.status).toBe('CREATE_COMPLETE');
  });

  it('shows a lab’s Heat events in its detail view', async () => {
    await page.getByLabel('Filter by state').selectOption('all');
    await page.getByLabel('Search learners').fill('u031');
    await page.locator('tbody tr td:nth-child(2) button').first().click();
    const events = page.getByRole('list', { name: 'Heat events' });
    await expect.poll(() => events.getByText('CREATE_COMPLETE').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  });

  it('checks progress from the browser: a lab whose course is not in this library is "not checked", with the reason', async () => {
    await page.getByLabel('Select all matching labs').check();
    await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Check progress' }).click();
    const bar = page.getByRole('progressbar', { name: 'Check progress' });
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 30_000 }).toBe('1');
    await expect.poll(() => page.getByTestId('score').first().textContent(), { timeout: 30_000 }).toBe('not checked');
    const detail = page.getByRole('complementary', { name: /^Lab of / });
    await expect.poll(() => detail.getByRole('alert').first().textContent()).toMatch(/not in this app's library/);
  });

  it('narrows the cohort in Settings › Instructor: the dashboard and `lab-console cohort list` then read only those projects', async () => {
    await page.goto(`${serve.url}#/settings`);
    const card = page.getByRole('region', { name: 'Instructor' });
    await card.getByLabel('Cohort tag').fill('sandbox');
    await card.getByLabel('Project names').fill('lab-learner(');
    await expect.poll(() => card.getByText('The project name pattern is not a valid regular expression.').count()).toBe(1);
    await card.getByLabel('Project names').fill('^lab-learner2$');
    await card.getByRole('button', { name: 'Save cohort' }).click();
    await card.getByText(/^Saved\./).waitFor();

    const inLearner2 = Array.from({ length: LABS }, (_, i) => i).filter((i) => i % 3 === 1).length;
    await page.goto(`${serve.url}#/instructor/${course}`);
    await expect.poll(rowCount, { timeout: 90_000 }).toBe(`${inLearner2} of ${inLearner2} labs`);
    expect(await page.getByTestId('cohort-scope').textContent()).toContain(
      '1 project of cloud instructor, tagged lc-cohort=sandbox, named like /^lab-learner2$/',
    );

    let stdout = '';
    const code = await runCli(['--home', home.path, '--json', 'cohort', 'list', '--course', course], {
      streams: { stdout: (t) => void (stdout += t), stderr: () => undefined },
      env: { OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml, OS_CLIENT_SECURE_FILE: state.files.secureYaml, OS_CLOUD: 'instructor' },
    });
    expect(code).toBe(0);
    const listing = CohortListing.parse(JSON.parse(stdout));
    expect(listing).toMatchObject({ cohort: 'sandbox', projectPattern: '^lab-learner2$', projects: 1 });
    expect(new Set(listing.labs.map((l) => l.projectName))).toEqual(new Set(['lab-learner2']));
    expect(listing.labs).toHaveLength(inLearner2);
  });
});
