/**
 * Terminal shortcuts that work the same on every OS without stealing keys a shell needs:
 * Ctrl+C must stay SIGINT, so copy and paste are Ctrl+Shift+C/V (as in GNOME Terminal, Windows
 * Terminal, Tabby) and Cmd+C/V or Cmd+Shift+C/V on macOS. Zoom is Ctrl/Cmd with + - 0.
 */
export type TerminalShortcut = 'copy' | 'paste' | 'zoom-in' | 'zoom-out' | 'zoom-reset' | 'find';

export interface KeyLike {
  readonly type: string;
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

export function isMacPlatform(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

export function terminalShortcut(event: KeyLike, mac: boolean): TerminalShortcut | undefined {
  if (event.type !== 'keydown' || event.altKey) return undefined;
  const command = mac ? event.metaKey : event.ctrlKey;
  if (!command) return undefined;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (event.shiftKey || mac) {
    if (key === 'c' && (event.shiftKey || mac)) return 'copy';
    if (key === 'v') return 'paste';
    if (key === 'f') return 'find';
  }
  if (key === '=' || key === '+' || event.code === 'NumpadAdd') return 'zoom-in';
  if (key === '-' || key === '_' || event.code === 'NumpadSubtract') return 'zoom-out';
  if (key === '0' || event.code === 'Numpad0') return 'zoom-reset';
  return undefined;
}

export const MIN_FONT_SIZE = 8;
export const MAX_FONT_SIZE = 32;
export const DEFAULT_FONT_SIZE = 14;

export function nextFontSize(current: number, shortcut: 'zoom-in' | 'zoom-out' | 'zoom-reset'): number {
  if (shortcut === 'zoom-reset') return DEFAULT_FONT_SIZE;
  const next = current + (shortcut === 'zoom-in' ? 1 : -1);
  return Math.min(MAX_FONT_SIZE, Math.max(MIN_FONT_SIZE, next));
}
