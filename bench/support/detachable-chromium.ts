import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../../test/support/chromium';

export interface DetachableChromium {
  /** `viewport`'s size, in a window of its own. */
  readonly page: Page;
  /** Playwright lets go of the browser; the page stays open and goes on running. */
  detach(): Promise<void>;
  /** Playwright takes the browser again (after detach): the same page, to drive it once measuring is over. */
  reattach(): Promise<Page>;
  stop(): void;
  /** Where its DevTools listen (http://127.0.0.1:PORT/json lists its pages). */
  readonly devToolsPort: number;
}

/**
 * A headless Chromium a bench drives with Playwright (over CDP) to set its scene up, and lets go of
 * before it measures. While Playwright is attached, its DevTools session reports every WebSocket
 * frame to the driver, payload included: on a streaming desktop that cost the page's renderer and
 * the browser process 13–26 % more CPU, measured in one run alternating attached and detached —
 * work no learner's browser does.
 */
export async function launchDetachableChromium(viewport: { width: number; height: number }): Promise<DetachableChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'lc-bench-chromium-'));
  const child = spawn(
    CHROMIUM_PATH,
    [
      ...chromiumArgs([
        '--headless',
        '--remote-debugging-port=0',
        `--user-data-dir=${profile}`,
        `--window-size=${viewport.width},${viewport.height}`,
      ]),
      'about:blank',
    ],
    // A process group of its own: stopping it stops its renderers and zygotes with it.
    { stdio: 'ignore', detached: true },
  );
  const stop = (): void => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    // Its processes may still be writing to the profile as they die.
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  try {
    // Chromium writes the port it chose into the profile once DevTools listens.
    const portFile = join(profile, 'DevToolsActivePort');
    const deadline = Date.now() + 30_000;
    while (!existsSync(portFile) || !/^\d+\n/.test(readFileSync(portFile, 'utf8'))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('Chromium did not open its DevTools port');
      await sleep(100);
    }
    const port = Number(readFileSync(portFile, 'utf8').split('\n')[0]);
    let browser: Browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const context = browser.contexts()[0]!;
    const page = context.pages()[0] ?? (await context.newPage());
    // The window's size, not an emulated viewport (that would go when Playwright detaches): grown by what its frame takes.
    const inner = await page.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
    const cdp = await context.newCDPSession(page);
    const { windowId } = (await cdp.send('Browser.getWindowForTarget')) as { windowId: number };
    await cdp.send('Browser.setWindowBounds', {
      windowId,
      bounds: { width: 2 * viewport.width - inner.width, height: 2 * viewport.height - inner.height },
    });
    await cdp.detach();
    const reattach = async (): Promise<Page> => {
      browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
      const again = browser.contexts()[0]?.pages()[0];
      if (!again) throw new Error('the page closed while Playwright was away');
      return again;
    };
    return { page, detach: () => browser.close(), reattach, stop, devToolsPort: port };
  } catch (error) {
    stop();
    throw error;
  }
}
