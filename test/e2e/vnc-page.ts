/**
 * What the browser tests of the VNC tab share: the colours on noVNC's canvas, and pointing at a
 * desktop pixel through its scaling.
 */
import type { Page } from 'playwright-core';

export const VNC_CANVAS = '.vnc-screen canvas';

/** Colours on noVNC's canvas at the desktop's own resolution; `hash` tells two pictures apart. */
export function vncCanvasStats(page: Page): Promise<{ width: number; height: number; colours: number; foreground: number; hash: number }> {
  return page.evaluate((selector) => {
    const canvas = document.querySelector<HTMLCanvasElement>(selector)!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const words = new Uint32Array(data.buffer);
    const counts = new Map<number, number>();
    let hash = 0;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      counts.set(w, (counts.get(w) ?? 0) + 1);
      hash = (Math.imul(hash, 31) + w) | 0;
    }
    const background = Math.max(...counts.values());
    return { width: canvas.width, height: canvas.height, colours: counts.size, foreground: 1 - background / words.length, hash };
  }, VNC_CANVAS);
}

/** Moves the mouse to a desktop pixel through noVNC's scaled canvas. */
export async function pointAtVnc(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const canvas = page.locator(VNC_CANVAS);
  const box = (await canvas.boundingBox())!;
  const size = await canvas.evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
  const at = { x: box.x + (x * box.width) / size.width, y: box.y + (y * box.height) / size.height };
  await page.mouse.move(at.x, at.y, { steps: 3 });
  return at;
}
