/**
 * Glyphs are not clipped in the terminal: at 12, 14 and 16 px an underscore drawn by the app's
 * xterm (its font and line height) shows as many rows of pixels inside its row as the same text
 * drawn where nothing can clip it. At 14 px with xterm's default line height, DejaVu Sans Mono's
 * underscore falls just below the row, which hides it (overflow: hidden): `x86_64` read `x86 64`.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT } from '../support/serve-process';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

let browser: Browser;
let page: Page;
let decoder: Page;

/** Which pixel rows of a screenshot hold text (clearly brighter than the dark background). */
async function inkRows(png: Buffer): Promise<number[]> {
  return decoder.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    const rows: number[] = [];
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const at = (y * image.width + x) * 4;
        if (data[at]! + data[at + 1]! + data[at + 2]! > 3 * 0x60) {
          rows.push(y);
          break;
        }
      }
    }
    return rows;
  }, png.toString('base64'));
}

const shot = (box: Box): Promise<Buffer> => page.screenshot({ clip: { x: box.x, y: box.y, width: box.width, height: box.height } });

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [join(REPO_ROOT, 'test/browser/pages/terminal-glyphs.page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    outdir: join(REPO_ROOT, 'test-results', 'glyph-page'),
    logLevel: 'warning',
  });
  const text = (suffix: string): string => bundle.outputFiles.find((file) => file.path.endsWith(suffix))!.text;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await page.setContent(`<!doctype html><html><head><style>${text('.css')}</style></head><body style="margin: 0"></body></html>`);
  await page.addScriptTag({ content: text('.js') });
  decoder = await browser.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe("the terminal's glyphs", () => {
  for (const fontSize of [12, 14, 16]) {
    it(`shows a whole underscore inside its row at ${fontSize} px`, async () => {
      const { row, reference } = await page.evaluate(
        (size) =>
          (window as unknown as { glyphProbe: { show(s: number, t: string): Promise<{ row: Box; reference: Box }> } }).glyphProbe.show(
            size,
            '____________',
          ),
        fontSize,
      );
      const inRow = await inkRows(await shot(row));
      const unclipped = await inkRows(await shot(reference));
      expect(unclipped.length).toBeGreaterThan(0);
      // As thick inside the row as where nothing clips it: not cut off at the row's bottom edge.
      expect(inRow.length).toBe(unclipped.length);
      expect(Math.max(...inRow)).toBeLessThan(row.height);
    });
  }
});
