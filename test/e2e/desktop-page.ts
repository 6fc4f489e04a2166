/**
 * What the browser tests of the remote desktop share: a command run over SSH on the lab host
 * (to read back what was typed on the desktop), the colours on the desktop canvas, and pointing
 * at a desktop pixel through the scaled canvas.
 */
import type { Page } from 'playwright-core';
import { Client } from 'ssh2';

/** Runs one command over SSH with the lab account's password (the sandbox's lab hosts allow it). */
export function sshRun(port: number, user: string, password: string, command: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client
      .on('ready', () => {
        client.exec(command, (error, stream) => {
          if (error) return reject(error);
          let stdout = '';
          stream.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          stream.stderr.on('data', () => undefined);
          stream.on('close', (code: number | null) => {
            client.end();
            resolve({ code, stdout });
          });
        });
      })
      .on('error', reject)
      .connect({ host: '127.0.0.1', port, username: user, password, readyTimeout: 20_000 });
  });
}

/** Colours on the canvas, read back from the page at the desktop's own resolution. */
export function canvasStats(page: Page): Promise<{ width: number; height: number; colours: number; foreground: number }> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('.desktop-canvas')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const words = new Uint32Array(data.buffer);
    const counts = new Map<number, number>();
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    const background = Math.max(...counts.values());
    return { width: canvas.width, height: canvas.height, colours: counts.size, foreground: 1 - background / words.length };
  });
}

/** Moves the mouse to a desktop pixel through the scaled canvas (no window manager: focus follows the pointer). */
export async function pointAtDesktop(page: Page, x: number, y: number): Promise<void> {
  const canvas = page.locator('.desktop-canvas');
  const box = (await canvas.boundingBox())!;
  const size = await canvas.evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
  await page.mouse.move(box.x + (x * box.width) / size.width, box.y + (y * box.height) / size.height, { steps: 3 });
}

/** Characters a US keyboard types with Shift, and the physical key under them. */
const SHIFTED: Readonly<Record<string, string>> = {
  '>': 'Period',
  '<': 'Comma',
  '~': 'Backquote',
  '|': 'Backslash',
  '"': 'Quote',
  ':': 'Semicolon',
  _: 'Minus',
  '+': 'Equal',
  '?': 'Slash',
  '!': 'Digit1',
  '@': 'Digit2',
  '#': 'Digit3',
  $: 'Digit4',
  '%': 'Digit5',
  '^': 'Digit6',
  '&': 'Digit7',
  '*': 'Digit8',
  '(': 'Digit9',
  ')': 'Digit0',
  '{': 'BracketLeft',
  '}': 'BracketRight',
};

/**
 * Types as a person does: Shift held for shifted characters. The desktop sends physical keys, and
 * Playwright's keyboard.type() presses "." for ">" without Shift.
 */
export async function typeByKeys(page: Page, text: string): Promise<void> {
  for (const char of text) {
    const shifted = SHIFTED[char] ?? (/^[A-Z]$/.test(char) ? `Key${char}` : undefined);
    if (shifted) {
      await page.keyboard.down('Shift');
      await page.keyboard.press(shifted);
      await page.keyboard.up('Shift');
    } else await page.keyboard.type(char);
    await page.waitForTimeout(15);
  }
}
