import type { BrowserWindow, Rectangle } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import * as z from 'zod';

const WindowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

const intersects = (a: Rectangle, b: Rectangle): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * The window's last size, place and maximised state (window-state.json in the data folder), if it
 * is readable and still on one of the screens now attached; else nothing (the default size).
 */
export function loadWindowState(file: string, workAreas: readonly Rectangle[]): WindowState | undefined {
  let saved: WindowState;
  try {
    saved = WindowState.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
  return workAreas.some((area) => intersects(saved, area)) ? saved : undefined;
}

/** Saves the window's state whenever it closes (the normal bounds, so un-maximising restores them). */
export function trackWindowState(window: BrowserWindow, file: string): void {
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    const state: WindowState = { ...bounds, maximized: window.isMaximized() };
    try {
      writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
    } catch {
      // A window that opens at the default size next time is no reason to fail a quit.
    }
  });
}
