import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../src/shared/rdp/desktop-frame';
import type { DesktopFramebuffer } from '../../src/shared/rdp/desktop-framebuffer';
import { applyingCostInPage } from './framebuffer-in-page';

// 24 bpp interleaved RLE: a colour image of 4 pixels (B G R each), then a colour run of 4 (MS-RDPBCGR 2.2.9.1.1.3.1.2.4).
const FOUR_PIXELS_THEN_A_RUN = Uint8Array.from([0x84, 0, 0, 255, 0, 255, 0, 255, 0, 0, 1, 2, 3, 0x64, 9, 8, 7]);

/** An 8×4 desktop with one 4×2 compressed bitmap at (x, 0). */
const frame = (x: number, data = FOUR_PIXELS_THEN_A_RUN) =>
  encodeFrame(8, 4, [], () => undefined, undefined, [
    { x, y: 0, width: 4, height: 2, bitmapWidth: 4, bitmapHeight: 2, bitsPerPixel: 24, data },
  ]);

type PageGlobals = { __labBenchRecorded?: ArrayBuffer[]; __labBenchAppliedInto?: DesktopFramebuffer; __labBenchFramebuffer?: unknown };
const globals = globalThis as PageGlobals;

/** A page that runs what it is given here, as the browser would: the bundle and the passes are plain scripts. */
const page = { evaluate: async (script: string) => (0, eval)(script) as unknown } as unknown as Page;

describe('applying the recorded messages in the page', () => {
  afterEach(() => {
    delete globals.__labBenchRecorded;
    delete globals.__labBenchAppliedInto;
    delete globals.__labBenchFramebuffer;
  });

  it("runs the page's framebuffer code, bundled, over the kept desktop messages only, a broken one skipped", async () => {
    const broken = frame(4, FOUR_PIXELS_THEN_A_RUN.subarray(0, 5));
    globals.__labBenchRecorded = [frame(0), Uint8Array.of(1, 2, 3), broken, frame(4)].map((m) => m.slice().buffer);
    const cost = await applyingCostInPage(page, () => [process.pid], 0, 2);
    expect(cost).toMatchObject({ passes: 2, frames: 3 });
    expect(cost.cpuPerPass).toBeGreaterThanOrEqual(0);
    const framebuffer = globals.__labBenchAppliedInto!;
    const word = (x: number, y: number) => new Uint32Array(framebuffer.pixels.buffer)[y * framebuffer.desktopWidth + x];
    // Both bitmaps drawn (the stream's first row is the bottom one), the last over the broken one's black.
    expect([0, 4].map((x) => word(x, 1))).toEqual([0xff0000ff, 0xff0000ff]);
    expect([0, 4].map((x) => word(x, 0))).toEqual([0xff090807, 0xff090807]);
    expect(framebuffer.takeDamage()).toEqual([]);
  });
});
