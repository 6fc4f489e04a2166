/**
 * The VNC tab's framebuffer display (src/renderer/vnc/framebuffer-display.ts) draws what noVNC's
 * own Display draws: the same calls are given to both in Chromium and their visible canvases
 * compared pixel for pixel — scrolls (whole-row copies), copies within rows in every direction,
 * rectangles reaching past the desktop's edge, resizes, and a long run of random calls.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT } from '../support/serve-process';
import type { DrawCall } from './pages/framebuffer-display.page';

let browser: Browser;
let page: Page;

const drawBoth = (calls: readonly DrawCall[]) =>
  page.evaluate(
    (calls) =>
      (
        window as unknown as {
          displayProbe: { draw(c: unknown): Promise<{ width: number; height: number; differing: number; firstDifference: string }> };
        }
      ).displayProbe.draw(calls),
    calls,
  );

beforeAll(async () => {
  const built = await build({
    entryPoints: [join(REPO_ROOT, 'test/browser/pages/framebuffer-display.page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    logLevel: 'warning',
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await page.setContent('<!doctype html><html><body style="margin: 0"></body></html>');
  await page.addScriptTag({ content: built.outputFiles[0]!.text });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const W = 160;
const H = 100;
const picture: DrawCall[] = [
  { op: 'resize', width: W, height: H },
  { op: 'fill', x: 0, y: 0, width: W, height: H, color: [16, 20, 28] },
  { op: 'blit', x: 3, y: 5, width: 120, height: 80, seed: 7 },
  { op: 'fill', x: 40, y: 30, width: 50, height: 10, color: [250, 200, 10] },
  { op: 'flip' },
];

/** Deterministic pseudo-random integers below `n`. */
function numbers(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
}

describe("the VNC tab's framebuffer display", () => {
  it('scrolls (whole rows copied up and down) as noVNC draws them', async () => {
    const result = await drawBoth([
      ...picture,
      { op: 'copy', fromX: 0, fromY: 12, x: 0, y: 0, width: W, height: H - 12 },
      { op: 'fill', x: 0, y: H - 12, width: W, height: 12, color: [1, 2, 3] },
      { op: 'flip' },
      { op: 'copy', fromX: 0, fromY: 0, x: 0, y: 7, width: W, height: H - 7 },
      { op: 'flip' },
    ]);
    expect(result.differing, result.firstDifference).toBe(0);
    expect([result.width, result.height]).toEqual([W, H]);
  });

  it('copies within rows, overlapping, left, right, up and down, as noVNC draws them', async () => {
    const result = await drawBoth([
      ...picture,
      { op: 'copy', fromX: 10, fromY: 10, x: 15, y: 10, width: 60, height: 40 },
      { op: 'copy', fromX: 30, fromY: 20, x: 22, y: 20, width: 70, height: 30 },
      { op: 'copy', fromX: 5, fromY: 5, x: 9, y: 12, width: 50, height: 50 },
      { op: 'copy', fromX: 50, fromY: 40, x: 44, y: 31, width: 60, height: 45 },
      { op: 'flip' },
    ]);
    expect(result.differing, result.firstDifference).toBe(0);
  });

  it('cuts rectangles and copies reaching past the desktop’s edge as a canvas cuts them', async () => {
    const result = await drawBoth([
      ...picture,
      { op: 'fill', x: W - 10, y: H - 5, width: 40, height: 40, color: [9, 99, 199] },
      { op: 'blit', x: W - 20, y: 90, width: 50, height: 30, seed: 3 },
      { op: 'copy', fromX: W - 30, fromY: 0, x: 0, y: 60, width: 80, height: 60 },
      { op: 'copy', fromX: 0, fromY: 0, x: W - 25, y: H - 40, width: 70, height: 70 },
      { op: 'copy', fromX: W + 5, fromY: 0, x: 0, y: 0, width: 10, height: 10 },
      { op: 'flip' },
    ]);
    expect(result.differing, result.firstDifference).toBe(0);
  });

  it('keeps what both sizes share when the desktop is resized', async () => {
    const result = await drawBoth([
      ...picture,
      { op: 'resize', width: W + 40, height: H - 30 },
      { op: 'flip' },
      { op: 'resize', width: W - 50, height: H + 20 },
      { op: 'fill', x: 0, y: H, width: 30, height: 20, color: [200, 0, 0] },
      { op: 'flip' },
    ]);
    expect(result.differing, result.firstDifference).toBe(0);
    expect([result.width, result.height]).toEqual([W - 50, H + 20]);
  });

  it('draws a long run of random fills, blits and copies as noVNC does', async () => {
    const next = numbers(12345);
    const calls: DrawCall[] = [...picture];
    for (let i = 0; i < 300; i++) {
      const kind = next(10);
      const [x, y, width, height] = [next(W + 20), next(H + 20), 1 + next(W), 1 + next(H)];
      if (kind < 3) calls.push({ op: 'fill', x, y, width, height, color: [next(256), next(256), next(256)] });
      else if (kind < 5) calls.push({ op: 'blit', x, y, width, height, seed: i + 1 });
      else if (kind < 9) calls.push({ op: 'copy', fromX: next(W + 20), fromY: next(H + 20), x, y, width, height });
      else calls.push({ op: 'flip' });
    }
    calls.push({ op: 'flip' });
    const result = await drawBoth(calls);
    expect(result.differing, result.firstDifference).toBe(0);
  });
});
