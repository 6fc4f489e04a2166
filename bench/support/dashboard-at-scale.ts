import type { Browser } from 'playwright-core';
import type { CohortLab, CohortListing } from '../../src/shared/cohort/cohort-lab';
import type { ServeProcess } from '../../test/support/serve-process';

const STATES: readonly { state: string; group: CohortLab['group'] }[] = [
  { state: 'CREATE_COMPLETE', group: 'up' },
  { state: 'RESUME_COMPLETE', group: 'up' },
  { state: 'SUSPEND_COMPLETE', group: 'down' },
  { state: 'SUSPEND_COMPLETE', group: 'down' },
  { state: 'CREATE_FAILED', group: 'failed' },
  { state: 'SUSPEND_IN_PROGRESS', group: 'pending' },
];

/**
 * A cohort listing of `labs` labs over `projects` learner projects, in the contract's shape, with
 * every column filled (costs, hours, activity, scores) as a month into a course: what the
 * dashboard receives from `cohort.list` for a class of that size.
 */
export function syntheticListing(courseId: string, labs: number, projects: number, now = Date.now()): CohortListing {
  const rows: CohortLab[] = Array.from({ length: labs }, (_, i) => {
    const { state, group } = STATES[i % STATES.length]!;
    const project = i % projects;
    const running = (i * 7919) % 200_000;
    return {
      stackId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      stackName: `lc-${courseId}-u${i}`,
      projectId: `p${project}`,
      projectName: `lab-class-${String(project).padStart(3, '0')}`,
      userId: `u${i}`,
      learner: `learner${String(i).padStart(4, '0')}`,
      ...(i % 2 ? { learnerDisplayName: `Learner ${i}` } : {}),
      courseId,
      courseVersion: '1.0.0',
      state,
      group,
      statusReason: group === 'failed' ? 'Resource CREATE failed: ValueError: resources.broken: Test Resource failed broken' : '',
      since: new Date(now - (i % 500) * 60_000).toISOString(),
      createdAt: new Date(now - 20 * 86_400_000).toISOString(),
      uptimeWeekSeconds: running % 50_000,
      lastActivity: new Date(now - (i % 900) * 60_000).toISOString(),
      costMonth: Math.round(running * 0.0139) / 100,
      runningSecondsMonth: running,
      suspendedSecondsMonth: 1_000_000 - running,
      activeSecondsMonth: i % 5 ? Math.round(running / 3) : null,
      wasteRatio: i % 5 ? 3 : null,
      perHourNow: group === 'up' ? 0.5 : 0.01,
      flavors: [],
      score: i % 3 ? (i % 11) / 10 : null,
    };
  });
  const sum = (pick: (r: CohortLab) => number) => rows.reduce((a, r) => a + pick(r), 0);
  const hourly = Array.from({ length: 169 }, (_, h) => ({
    at: new Date(now - (168 - h) * 3_600_000).toISOString(),
    running: Math.round((labs / 3) * (1 + Math.sin(h / 4)) * 0.5),
  }));
  return {
    courseId,
    cohort: null,
    cloud: 'instructor',
    projectPattern: null,
    projects,
    labs: rows,
    totals: {
      labs,
      running: rows.filter((r) => r.group === 'up').length,
      suspended: rows.filter((r) => r.state === 'SUSPEND_COMPLETE').length,
      failed: rows.filter((r) => r.group === 'failed').length,
      pending: rows.filter((r) => r.group === 'pending').length,
      costMonth: Math.round(sum((r) => r.costMonth ?? 0) * 100) / 100,
      currency: 'EUR',
      runningSecondsMonth: sum((r) => r.runningSecondsMonth),
      suspendedSecondsMonth: sum((r) => r.suspendedSecondsMonth),
      activeSecondsMonth: sum((r) => r.activeSecondsMonth ?? 0),
      wasteRatio: 3,
    },
    runningSeries: hourly,
    problems: [],
    learnerNames: { from: 'keystone', problem: null },
    generatedAt: new Date(now).toISOString(),
    withEvents: true,
  };
}

export interface DashboardAtScale {
  /** From the listing's frame reaching the page until every lab is counted and the first screen of rows is painted. */
  readonly firstScreenMs: number;
  /** From scrolling the table to its end (the scrollbar dragged down) until the last lab's row is painted. */
  readonly lastRowMs: number;
  readonly sortMs: number;
  readonly searchMs: number;
  /** The page's JavaScript heap with the rows shown (Chromium's own count). */
  readonly heapMiB: number;
}

/** The first data row and the last one of the dashboard's table (aria-rowindex 1 is the header row). */
const rowSelector = (index: number) => `.cohort-table tbody tr[aria-rowindex="${index + 2}"]`;

/**
 * The real dashboard of a running `lab-console serve` in Chromium, whose `cohort.list` answer is a
 * synthetic listing of `labs` labs handed to the page over its own WebSocket (every other call
 * goes to serve): how long the page takes, once the states arrive, to show its first screen of
 * rows, to show the last row when scrolled to the end, then to re-sort and to narrow them.
 *
 * The functions handed to the page (addInitScript, evaluate, waitForFunction) run there, from
 * their source text: they may use only the page's globals, never a name this module imports (under
 * Vitest an imported name is rewritten to a module variable the page does not have; importing
 * `performance` from node:perf_hooks once made the page's timer script throw, and the step wait
 * for nothing until its timeout). Node's own `performance` is the global one, so none is imported.
 */
export async function dashboardAtScale(browser: Browser, serve: ServeProcess, listing: CohortListing): Promise<DashboardAtScale> {
  const total = listing.labs.length;
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  const all = new Intl.NumberFormat('en-US').format(total);
  // A script error in the page ends the step at once, with its message, rather than at a timeout.
  let failed: (error: Error) => void = () => undefined;
  const pageError = new Promise<never>((_, reject) => (failed = reject));
  pageError.catch(() => undefined);
  page.on('pageerror', (error) => failed(new Error(`the dashboard page threw: ${error.message}`)));
  const orFail = <T>(step: Promise<T>): Promise<T> => Promise.race([step, pageError]);
  try {
    await page.routeWebSocket(/\/api\?/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { id: number; call: string };
        if (frame.call !== 'cohort.list') return server.send(message);
        ws.send(JSON.stringify({ id: frame.id, result: { ok: true, value: listing } }));
      });
    });
    // Timed in the page: when the answer to its `cohort.list` call arrives (before the app reads it:
    // this listener is the socket's first) and when the row count says every lab is listed with the
    // first row drawn, one frame later (painted). Test-side clocks would add the transfer.
    await page.addInitScript(
      ({ expected, firstRow }: { expected: string; firstRow: string }) => {
        const w = window as unknown as { WebSocket: typeof WebSocket; statesAt?: number; shownAt?: number };
        const listCalls = new Set<number>();
        const Native = w.WebSocket;
        w.WebSocket = class extends Native {
          constructor(url: string | URL, protocols?: string | string[]) {
            super(url, protocols);
            this.addEventListener('message', (e: MessageEvent) => {
              if (w.statesAt !== undefined || typeof e.data !== 'string') return;
              for (const id of listCalls) if (e.data.startsWith(`{"id":${id},`)) w.statesAt = performance.now();
            });
          }
          override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
            if (typeof data === 'string' && data.includes('"call":"cohort.list"')) listCalls.add((JSON.parse(data) as { id: number }).id);
            super.send(data);
          }
        };
        new MutationObserver((_, observer) => {
          if (document.querySelector('[data-testid="row-count"]')?.textContent !== expected || !document.querySelector(firstRow)) return;
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => (w.shownAt = performance.now())));
        }).observe(document, { subtree: true, childList: true, characterData: true });
      },
      { expected: `${all} of ${all} labs`, firstRow: rowSelector(0) },
    );
    const count = (text: string | RegExp) => page.getByTestId('row-count').filter({ hasText: text });
    await page.goto(`${serve.url}#/instructor/${listing.courseId}`);
    await orFail(
      page.waitForFunction(() => (window as unknown as { shownAt?: number }).shownAt !== undefined, undefined, { timeout: 120_000 }),
    );
    const firstScreenMs = await page.evaluate(() => {
      const w = window as unknown as { statesAt?: number; shownAt: number };
      if (w.statesAt === undefined) throw new Error('the page never received the answer to its cohort.list call');
      return w.shownAt - w.statesAt;
    });

    // The scrollbar dragged to the end: the table draws the rows there, the last one included.
    const lastRowMs = await orFail(
      page.evaluate(
        async (lastRow: string) => {
          const scroller = document.querySelector('.cohort-table-wrap');
          if (!scroller) throw new Error('the dashboard has no scrolling table');
          const started = performance.now();
          scroller.scrollTop = scroller.scrollHeight;
          await new Promise<void>((resolve) => {
            if (document.querySelector(lastRow)) return resolve();
            const observer = new MutationObserver(() => {
              if (!document.querySelector(lastRow)) return;
              observer.disconnect();
              resolve();
            });
            observer.observe(scroller, { subtree: true, childList: true });
          });
          await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));
          return performance.now() - started;
        },
        rowSelector(total - 1),
      ),
    );

    const sortStarted = performance.now();
    await page.getByRole('button', { name: /^Learner/ }).click();
    await orFail(page.getByRole('button', { name: /^Learner ▼/ }).waitFor());
    const sortMs = performance.now() - sortStarted;

    const searchStarted = performance.now();
    await page.getByRole('searchbox', { name: 'Search learners' }).fill('lab-class-001');
    await orFail(
      count(new RegExp(`^\\d+ of ${all} labs$`))
        .filter({ hasNotText: `${all} of` })
        .waitFor(),
    );
    const searchMs = performance.now() - searchStarted;

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    return { firstScreenMs, lastRowMs, sortMs, searchMs, heapMiB: Math.round((heap / 2 ** 20) * 10) / 10 };
  } finally {
    await page.close();
  }
}
