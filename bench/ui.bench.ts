import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium';
import { startServe } from '../test/support/serve-process';
import { tempHome } from '../test/support/temp-home';
import type { Bench, BenchContext, BenchResult } from './bench';
import { machineName } from './support/machine';
import { median, round } from './support/stats';

/**
 * The UI's first paint in browser mode: from the moment `lab-console serve` prints its address
 * until Chromium — already running with a blank tab open (warm), in a fresh context each time (no
 * cache, as a first visit) — shows the Courses screen's heading. Beside it, the floor: the same browser showing a one-line
 * page from a bare node HTTP server, timed the same way. Median of 5 after a dropped warm-up;
 * the JavaScript the first screen loaded is printed with it.
 */
interface Paint {
  /** From the address printed (or the server listening) to the heading on screen. */
  drawnMs: number;
  /** Chromium's first contentful paint, from navigation start. */
  fcpMs: number;
  /** JavaScript bytes the page loaded (decoded). */
  scriptBytes: number;
}

/** A fresh context with a blank tab open: a browser already running, before the address is known. */
async function blankTab(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('about:blank');
  return page;
}

async function paint(page: Page, url: string, heading: string, since: number): Promise<Paint> {
  try {
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    const drawnMs = performance.now() - since;
    const { fcpMs, scriptBytes } = await page.evaluate(() => {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
      // Resource timing entries as the browser gives them (this file is type-checked without the DOM).
      const entries = performance.getEntriesByType('resource') as unknown as {
        name: string;
        initiatorType: string;
        decodedBodySize: number;
      }[];
      const scripts = entries.filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'));
      return { fcpMs: fcp, scriptBytes: scripts.reduce((sum, e) => sum + e.decodedBodySize, 0) };
    });
    return { drawnMs, fcpMs, scriptBytes };
  } finally {
    await page.context().close();
  }
}

async function servePaint(browser: Browser, home: string): Promise<Paint & { startMs: number }> {
  const page = await blankTab(browser);
  const spawned = performance.now();
  const serve = await startServe(home);
  const printed = performance.now();
  try {
    return { ...(await paint(page, serve.url, 'Courses', printed)), startMs: printed - spawned };
  } finally {
    await serve.stop();
  }
}

/** A bare node server with one line of HTML: what any page costs this browser on this machine. */
async function floorPaint(browser: Browser): Promise<Paint> {
  const page = await blankTab(browser);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><title>floor</title><h1>Courses</h1></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const listening = performance.now();
  try {
    return await paint(page, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, 'Courses', listening);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const bench: Bench = {
  name: 'ui',
  needsSandbox: false,
  async run(context: BenchContext): Promise<BenchResult[]> {
    const full = context.size === 'full';
    const rounds = full ? 5 : 1;
    const home = tempHome('lc-bench-ui-');
    const browser = await launchChromium();
    try {
      const ours: (Paint & { startMs: number })[] = [];
      const floor: Paint[] = [];
      // The tiny size only proves the bench runs: no warm-up round, whose figures are thrown away anyway.
      for (let i = full ? -1 : 0; i < rounds; i++) {
        const o = await servePaint(browser, home.path);
        const f = await floorPaint(browser);
        context.log(
          `${i < 0 ? 'warm-up (dropped): ' : ''}serve started in ${Math.round(o.startMs)} ms; UI drawn ${Math.round(o.drawnMs)} ms after its URL (FCP ${Math.round(o.fcpMs)} ms, ${Math.round(o.scriptBytes / 1024)} KiB of JS); floor ${Math.round(f.drawnMs)} ms`,
        );
        if (i < 0) continue;
        ours.push(o);
        floor.push(f);
      }
      const drawn = median(ours.map((o) => o.drawnMs));
      return [
        {
          metric: `UI drawn after serve prints its URL (Courses heading on screen; warm Chromium, fresh context; ${machineName()})`,
          value: round(drawn),
          unit: 'ms',
          floor: { name: 'a one-line page from a bare node server', value: round(median(floor.map((f) => f.drawnMs))) },
          notes: [
            `Chromium's first contentful paint ${round(median(ours.map((o) => o.fcpMs)))} ms`,
            `${Math.round(median(ours.map((o) => o.scriptBytes)) / 1024)} KiB of JS on the first screen`,
            `serve's own start ${round(median(ours.map((o) => o.startMs)))} ms`,
          ],
          target: '≤ 1000 ms',
          met: full ? drawn <= 1000 : undefined,
        },
      ];
    } finally {
      await browser.close();
      home.remove();
    }
  },
};

export default bench;
