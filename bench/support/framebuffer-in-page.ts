import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { FRAME_MAGIC } from '../../src/shared/rdp/desktop-frame';
import { cpuOf } from './process-tree';

/**
 * The recorded desktop messages (desktop-messages.ts, kept in the page by TAKE_RECORDING) applied
 * again in that same page, by the page's own framebuffer code: DesktopFramebuffer bundled as the
 * app bundles it, so the engine, the process and the code are ours and only the rest of the app's
 * work is gone. CPU is read from the browser's processes (the page's renderer does the work; the
 * others are idle but for answering the bench), not its clock: the machine is shared.
 */
const FRAMEBUFFER_SOURCE = fileURLToPath(new URL('../../src/shared/rdp/desktop-framebuffer.ts', import.meta.url));

async function framebufferBundle(): Promise<string> {
  const out = await build({
    entryPoints: [FRAMEBUFFER_SOURCE],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: '__labBenchFramebuffer',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  // One expression (what page.evaluate takes) that leaves the bundle's exports on the page's global object.
  return `(() => { ${out.outputFiles[0]!.text}; globalThis.__labBenchFramebuffer = __labBenchFramebuffer; })()`;
}

/** Applies the kept messages `passes` times into one kept framebuffer, each followed by taking the damage as a paint does; answers how many desktop messages a pass applies. */
const APPLY_PASSES = (passes: number): string => `(() => {
  const { DesktopFramebuffer } = globalThis.__labBenchFramebuffer;
  const frames = (globalThis.__labBenchRecorded ?? [])
    .map((m) => new Uint8Array(m))
    .filter((m) => m.length >= 4 && new DataView(m.buffer).getUint32(0, true) === ${FRAME_MAGIC});
  const framebuffer = (globalThis.__labBenchAppliedInto ??= new DesktopFramebuffer());
  for (let pass = 0; pass < ${passes}; pass++) {
    for (const frame of frames) {
      try {
        framebuffer.applyMessage(frame);
      } catch {
        // a broken bitmap, drawn black, as the page skips it
      }
      framebuffer.takeDamage();
    }
  }
  return frames.length;
})()`;

export interface InPageCost {
  /** CPU seconds of the browser's processes to apply all the frames once. */
  readonly cpuPerPass: number;
  readonly passes: number;
  readonly frames: number;
}

/** One pass to warm up (the page's code is warm in the scene) and size the framebuffer, then passes until `minSeconds` of CPU and `minPasses`. */
export async function applyingCostInPage(
  page: Page,
  browserPids: () => number[],
  minSeconds: number,
  minPasses: number,
): Promise<InPageCost> {
  await page.evaluate(await framebufferBundle());
  const frames = (await page.evaluate(APPLY_PASSES(1))) as number;
  const pids = browserPids();
  const start = cpuOf(pids);
  let passes = 0;
  let cpu = 0;
  do {
    await page.evaluate(APPLY_PASSES(1));
    passes++;
    cpu = cpuOf(pids) - start;
  } while (passes < minPasses || cpu < minSeconds);
  return { cpuPerPass: cpu / passes, passes, frames };
}
