import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { mapBounded } from '../src/core/courses/bounded-parallel';
import { CloudConfigLoader } from '../src/core/openstack/clouds-config/cloud-config-loader';
import { connect, type OpenStackConnection } from '../src/core/openstack/openstack-client';
import { launchChromium } from '../test/support/chromium';
import { startServe } from '../test/support/serve-process';
import { testTags, TINY_LAB } from '../test/integration/cohort-labs';
import { purgeDeletedStacks } from '../test/sandbox/heat';
import { sandboxPaths } from '../test/sandbox/paths';
import { readSandboxState } from '../test/sandbox/state';
import type { Bench, BenchResult } from './bench';
import { formatResult } from './format-result';
import { machineName } from './support/machine';
import { ROOT, timedPython } from './support/timed-process';
import { listingAtServerFloor, sampleCohortListing } from './support/cohort-listing-samples';
import { floorCloud } from './support/floor-cloud';
import { dashboardAtScale, syntheticListing } from './support/dashboard-at-scale';

/**
 * `lab-console cohort list` (the built CLI: discovery, one scoped token per project, stacks and
 * each lab's events) beside a python peer doing the same work in one process
 * (bench/peers/cohort_list.py, openstacksdk: the reachable projects, a scoped token, the course's
 * stacks and each lab's events per project, 8 at a time as ours), each with the server time it
 * waited on. The first listing on this machine, then the same again, when our event cache asks Heat
 * only for what is new; each beside its practical floor, the same requests sent again by a program of
 * undici alone (bench/support/undici-cohort-floor.ts), three rounds of each. Then the dashboard's time to show every row in Chromium (browser mode).
 * Full size: 1,000 stacks over the sandbox's learner projects (up to 50; `npm run sandbox --
 * --learners 50` for the full spread), or LAB_BENCH_COHORT_LABS of them (what the sandbox holds on
 * the machine). Tiny: a handful. Last, the same dashboard at 5,000 labs over 250 projects (tiny: 50
 * over 5) — more stacks than one machine's sandbox makes in reasonable time — with `cohort.list`
 * answered in the page's WebSocket by a listing of that size: from the states' arrival to the first
 * screen of rows, then scrolled to the end until the last row shows, then sort and search.
 */
const bench: Bench = {
  name: 'cohort',
  needsSandbox: true,
  async run(context) {
    const full = context.size === 'full';
    const state = readSandboxState();
    const projects = state.learners.slice(0, 50);
    const wanted = Number(process.env.LAB_BENCH_COHORT_LABS);
    const total = full ? (Number.isInteger(wanted) && wanted > 0 ? wanted : 1000) : 5;
    const run = randomBytes(3).toString('hex');
    const course = `bench-cohort-${run}`;
    // Without NODE_EXTRA_CA_CERTS, as in the openstack bench: node reads that file at start (~50 ms) and
    // bin/lab-console defers it, so with it set the floor programs and bare node would not be floors.
    const { NODE_EXTRA_CA_CERTS: _extraCaCerts, ...machineEnv } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...machineEnv,
      OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml,
      OS_CLIENT_SECURE_FILE: state.files.secureYaml,
    };
    const loader = new CloudConfigLoader({ env, cwd: ROOT, systemDirs: [] });
    const connections: OpenStackConnection[] = [];
    for (const l of projects) connections.push(await connect(loader.getCloud(l.name)));
    const home = mkdtempSync(join(tmpdir(), 'lc-bench-cohort-'));
    const results: BenchResult[] = [];
    try {
      context.log(`creating ${total} stacks over ${projects.length} learner projects, a third of them then suspended…`);
      await mapBounded(
        Array.from({ length: total }, (_, i) => i),
        10,
        async (i) => {
          const c = connections[i % connections.length]!;
          const user = `b${String(i).padStart(4, '0')}`;
          const input = { template: TINY_LAB, name: `lc-${course}-${user}`, tags: testTags(course, user, run) };
          // A cohort mid-course: some labs suspended, which a listing must read events for every time.
          if (i % 3 === 2) await c.stacks.suspend((await c.stacks.create(input, { timeoutMs: 600_000 })).ref, { timeoutMs: 600_000 });
          else await c.heat.create(input);
        },
      );
      // As users run it (bin/lab-console, from the CLI's start-up snapshot), each run beside its floors.
      const listing = await sampleCohortListing({
        rounds: full ? 3 : 1,
        dir: join(home, 'listings'),
        course,
        env,
        instructor: floorCloud(loader.getCloud('instructor')),
        concurrency: 8,
      });
      const missed = listing.listed.find((n) => n !== total);
      if (missed !== undefined) throw new Error(`cohort list found ${missed} of ${total} labs`);
      // The peer's first run (python's own start-up from a cold disk cache) is a warm-up, dropped; not
      // at the tiny size, which only proves the bench runs.
      if (full) await timedPython('cohort_list.py', 'cohort_list.py', ['instructor', course, '8'], env);
      const peer = await timedPython('cohort_list.py', 'cohort_list.py', ['instructor', course, '8'], env);
      const peerLabs = peer.stdout.trim().split('\n').filter(Boolean).length;
      if (peerLabs !== total) throw new Error(`the python peer found ${peerLabs} of ${total} labs`);
      const machine = machineName();
      const peerResult = {
        name: `python openstacksdk, one process, same work (${peer.server.requests} requests)`,
        value: Math.round(peer.ms),
        server: Math.round(peer.server.ms),
      };
      // The ratio is judged where the sandbox spreads the cohort over enough projects to be one.
      const judged = { ratio: full && projects.length >= 10, floor: full };
      results.push(
        ...listingAtServerFloor(
          `cohort list: ${total} stacks in ${projects.length} projects, first run on this machine (with each lab's events)`,
          listing,
          'first',
          peerResult,
          judged,
        ),
        ...listingAtServerFloor(
          `cohort list: the same again (kept events; Heat asked only for newer ones of labs not in their first state)`,
          listing,
          'again',
          peerResult,
          judged,
        ),
      );
      // Said at once: the dashboard part that follows is long at full size.
      for (const r of results) context.log(formatResult(r));

      // Its own data folder: the page's first listing starts with no cache, as on a new machine.
      const serve = await startServe(join(home, 'dashboard'), { ...env, OS_CLOUD: 'instructor' });
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        const allListed = page.getByTestId('row-count').filter({ hasText: `${total} of ${total} labs` });
        const openStarted = performance.now();
        await page.goto(`${serve.url}#/instructor/${course}`);
        await allListed.waitFor({ timeout: 600_000 });
        const shownMs = performance.now() - openStarted;
        await page.getByText('Reading each lab’s events…').waitFor({ state: 'hidden', timeout: 600_000 });
        const completeMs = performance.now() - openStarted;
        // Rendering alone: re-sort the whole table and wait for the new order to be on screen.
        const sortStarted = performance.now();
        await page.getByRole('button', { name: /^Learner/ }).click();
        await page.getByRole('button', { name: /^Learner ▼/ }).waitFor();
        const sortMs = performance.now() - sortStarted;
        const searchStarted = performance.now();
        await page.getByRole('searchbox', { name: 'Search learners' }).fill('lab-learner1');
        await page
          .getByTestId('row-count')
          .filter({ hasText: new RegExp(`^\\d+ of ${total} labs$`) })
          .filter({ hasNotText: `${total} of` })
          .waitFor();
        const searchMs = performance.now() - searchStarted;
        results.push({
          metric: `dashboard: sort and re-render ${total} rows (Chromium, ${machine})`,
          value: Math.round(sortMs),
          unit: 'ms',
          target: '< 2000 ms',
          met: full ? sortMs < 2000 : undefined,
        });
        results.push({
          metric: `dashboard: search narrows ${total} rows (Chromium, ${machine})`,
          value: Math.round(searchMs),
          unit: 'ms',
          target: '< 2000 ms',
          met: full ? searchMs < 2000 : undefined,
        });
        results.push({
          metric: `dashboard: open the page until all ${total} rows are listed with their states (first listing on this machine, ${machine})`,
          value: Math.round(shownMs),
          unit: 'ms',
        });
        results.push({
          metric: `dashboard: … until every row shows what its events tell (since, uptime, last activity, cost)`,
          value: Math.round(completeMs),
          unit: 'ms',
        });
        // The same page at scale (at the tiny size, 50 labs: it proves the step runs).
        const scale = { labs: full ? 5000 : 50, projects: full ? 250 : 5 };
        const big = await dashboardAtScale(browser, serve, syntheticListing(course, scale.labs, scale.projects));
        const under2s = (ms: number) => (full ? ms < 2000 : undefined);
        const at = `${scale.labs} labs over ${scale.projects} projects`;
        const scaleSteps: [string, number][] = [
          [`from the states' arrival to the first screen of rows, every lab counted (Chromium, ${machine})`, big.firstScreenMs],
          ['scrolled to the end, until the last lab’s row shows', big.lastRowMs],
          ['sort and re-render', big.sortMs],
          ['search narrows the rows', big.searchMs],
        ];
        scaleSteps.forEach(([what, ms], step) =>
          results.push({
            metric: `dashboard at ${at}: ${what}`,
            value: Math.round(ms),
            unit: 'ms',
            ...(step === 0 ? { notes: [`page JS heap ${big.heapMiB} MiB`] } : {}),
            target: '< 2000 ms',
            met: under2s(ms),
          }),
        );
      } finally {
        await browser.close();
        await serve.stop();
      }
    } finally {
      context.log('deleting the stacks…');
      await mapBounded(connections, 5, async (c) => {
        const stacks = await c.heat.listAll({ tags: [`lc-test=${run}`] });
        await mapBounded(stacks, 4, (s) => c.stacks.delete({ name: s.name, id: s.id }, { timeoutMs: 600_000 }));
      });
      // Gone from Heat's tables too, so that the next run's Heat is not slowed by this one's. Not at the
      // tiny size: `npm test` runs it beside other suites that write to Heat, and the purge locks Heat's SQLite.
      if (full) await purgeDeletedStacks(sandboxPaths());
      await Promise.all(connections.map((c) => c.close()));
      rmSync(home, { recursive: true, force: true });
    }
    return results;
  },
};

export default bench;
