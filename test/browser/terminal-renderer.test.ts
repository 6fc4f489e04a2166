/**
 * The terminal draws with xterm's WebGL renderer where WebGL runs on a GPU and with its DOM
 * renderer otherwise, and goes back to the DOM renderer when the WebGL context is lost; text shows
 * with each. Headless Chromium here has only a software WebGL (SwiftShader): the WebGL case is
 * run there with the software-GL exclusion lifted, which is the same code path a GPU takes.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT } from '../support/serve-process';

const TEXT = 'Hello from the lab terminal 0123456789';

interface Probe {
  open(allowSoftwareGl: boolean): { renderer: string | undefined; gpu: string | undefined };
  write(text: string): Promise<{ x: number; y: number; width: number; height: number }>;
  renderer(): string | undefined;
  loseContext(): boolean;
  line(row: number): string;
}

let bundle: { css: string; js: string };
let browser: Browser;
let page: Page;

const probe = <T>(run: (probe: Probe, arg: never) => T | Promise<T>, arg?: unknown): Promise<T> =>
  page.evaluate(
    ({ source, arg }) => new Function('probe', 'arg', `return (${source})(probe, arg)`)((window as never)['rendererProbe'], arg),
    {
      source: run.toString(),
      arg,
    },
  ) as Promise<T>;

/** Bright pixels (text, not the dark background) in the first terminal row, read from a screenshot. */
async function inkInFirstRow(box: { x: number; y: number; width: number }): Promise<number> {
  const png = await page.screenshot({ clip: { x: box.x, y: box.y, width: Math.min(box.width, 300), height: 14 } });
  const decoder = await browser.newPage();
  try {
    return await decoder.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      let ink = 0;
      for (let at = 0; at < data.length; at += 4) if (data[at]! + data[at + 1]! + data[at + 2]! > 3 * 0x80) ink++;
      return ink;
    }, png.toString('base64'));
  } finally {
    await decoder.close();
  }
}

async function openPage(extraArgs: string[]): Promise<void> {
  await browser?.close();
  browser = await launchChromium(extraArgs);
  page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.setContent(`<!doctype html><html><head><style>${bundle.css}</style></head><body style="margin: 0"></body></html>`);
  await page.addScriptTag({ content: bundle.js });
}

beforeAll(async () => {
  const built = await build({
    entryPoints: [join(REPO_ROOT, 'test/browser/pages/terminal-renderer.page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    outdir: join(REPO_ROOT, 'test-results', 'renderer-page'),
    logLevel: 'warning',
  });
  const text = (suffix: string): string => built.outputFiles.find((file) => file.path.endsWith(suffix))!.text;
  bundle = { css: text('.css'), js: text('.js') };
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe("the terminal's renderer", () => {
  it('draws text with WebGL where WebGL is used, and falls back to the DOM renderer when the context is lost', async () => {
    await openPage(['--use-angle=swiftshader', '--enable-unsafe-swiftshader']);
    const opened = await probe((p, allow: boolean) => p.open(allow), true);
    expect(opened.gpu, 'this Chromium offers no WebGL 2 at all').toBeTruthy();
    expect(opened.renderer).toBe('webgl');
    const box = await probe((p, text: string) => p.write(`${text}\r\n`), TEXT);
    expect(await probe((p) => p.line(0))).toBe(TEXT);
    expect(await page.locator('.xterm-screen canvas').count()).toBeGreaterThan(0);
    // Drawn on the canvas, not as DOM text.
    expect(await page.locator('.xterm-rows').count()).toBe(0);
    expect(await inkInFirstRow(box)).toBeGreaterThan(100);

    expect(await probe((p) => p.loseContext())).toBe(true);
    // xterm's addon waits ~3 s for the context to come back before it reports the loss.
    await page.waitForFunction(() => document.querySelector('.xterm')?.getAttribute('data-renderer') === 'dom', undefined, {
      timeout: 15_000,
    });
    await probe((p) => p.write('\x1b[2J\x1b[H'));
    const after = await probe((p, text: string) => p.write(`${text}\r\n`), TEXT);
    expect(await page.locator('.xterm-rows > div').first().textContent()).toContain(TEXT);
    expect(await inkInFirstRow(after)).toBeGreaterThan(100);
  }, 120_000);

  it('uses the DOM renderer, and shows text, where WebGL would run on the CPU', async () => {
    await openPage([]);
    const opened = await probe((p, allow: boolean) => p.open(allow), false);
    expect(opened.renderer).toBe('dom');
    const box = await probe((p, text: string) => p.write(`${text}\r\n`), TEXT);
    expect(await page.locator('.xterm-rows > div').first().textContent()).toContain(TEXT);
    expect(await inkInFirstRow(box)).toBeGreaterThan(100);
  }, 120_000);
});
