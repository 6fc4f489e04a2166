import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as settle } from 'node:timers/promises';
import type { Page } from 'playwright-core';

// The Desktop tab of a page showing a lab's remote desktop, as the desktop benches drive it.

/** The desktop's size in pixels (the canvas draws it 1:1). */
export function desktopSize(page: Page): Promise<{ width: number; height: number }> {
  return page.locator('.desktop-canvas').evaluate((canvas: unknown) => {
    const { width, height } = canvas as { width: number; height: number };
    return { width, height };
  });
}

/**
 * The terminal device of the xterm on this desktop: `tty > file` typed into it, by physical keys
 * as the desktop sends them (">" is Shift+Period), with the pointer over it (no window manager:
 * focus follows the pointer).
 */
export async function desktopTty(page: Page): Promise<string> {
  const file = join(tmpdir(), `lc-rdp-bench-tty-${randomBytes(6).toString('hex')}`);
  const canvas = page.locator('.desktop-canvas');
  await page.locator('.desktop-screen').focus();
  const box = (await canvas.boundingBox())!;
  const size = await desktopSize(page);
  await page.mouse.move(box.x + (300 * box.width) / size.width, box.y + (200 * box.height) / size.height, { steps: 3 });
  for (const part of ['tty ', '>', ` ${file}`]) {
    if (part === '>') {
      await page.keyboard.down('Shift');
      await page.keyboard.press('Period');
      await page.keyboard.up('Shift');
    } else await page.keyboard.type(part, { delay: 15 });
  }
  await page.keyboard.press('Enter');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      await settle(100);
      const tty = readFileSync(file, 'utf8').trim();
      rmSync(file, { force: true });
      if (tty.startsWith('/dev/pts/')) return tty;
    }
    await settle(100);
  }
  throw new Error('the desktop xterm did not answer `tty`');
}
