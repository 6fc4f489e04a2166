import { translator } from '../i18n/translator';
import type { KeyLike } from '../terminal/terminal-shortcuts';

/**
 * Keys of the Lab workspace, read before a terminal or a desktop sees them. Electron gets the
 * desktop terminals' keys (Ctrl+Shift+T / W, Ctrl+PgUp / PgDn, as GNOME Terminal and Windows
 * Terminal). A browser keeps those for its own tabs and never hands them to the page, so browser
 * mode uses Alt-based keys it leaves alone; they work in Electron too, so one set is enough to
 * learn. A shell loses little: Alt+Shift+letter and Alt+PgUp/PgDn mean nothing to readline.
 */
export type WorkspaceCommand = 'new-shell' | 'close-tab' | 'next-tab' | 'previous-tab' | 'leave' | 'next-pane' | 'previous-pane';
export type KeyMode = 'electron' | 'browser';

/** Electron's preload sets `window.lab`; a page without it runs in browser mode. */
export function currentKeyMode(): KeyMode {
  return typeof window !== 'undefined' && window.lab ? 'electron' : 'browser';
}

const ALT_SHIFT_LETTERS: Readonly<Record<string, WorkspaceCommand>> = { n: 'new-shell', w: 'close-tab', l: 'leave', p: 'next-pane' };

/** The letter of a key by its physical place, so that Alt (Option on a Mac) changing the character does not matter. */
function letterOf(event: KeyLike): string | undefined {
  if (event.code?.startsWith('Key')) return event.code.slice(3).toLowerCase();
  return event.key.length === 1 ? event.key.toLowerCase() : undefined;
}

export function workspaceCommand(event: KeyLike, mode: KeyMode): WorkspaceCommand | undefined {
  if (event.type !== 'keydown') return undefined;
  const { altKey, ctrlKey, shiftKey, metaKey } = event;
  if (metaKey) return undefined;
  if (event.key === 'F6' && !altKey && !ctrlKey) return shiftKey ? 'previous-pane' : 'next-pane';
  if (altKey && !ctrlKey) {
    if (!shiftKey && event.key === 'PageDown') return 'next-tab';
    if (!shiftKey && event.key === 'PageUp') return 'previous-tab';
    const letter = letterOf(event);
    if (shiftKey && letter) return ALT_SHIFT_LETTERS[letter];
    return undefined;
  }
  if (mode === 'electron' && ctrlKey && !altKey) {
    if (!shiftKey && event.key === 'PageDown') return 'next-tab';
    if (!shiftKey && event.key === 'PageUp') return 'previous-tab';
    const letter = letterOf(event);
    if (shiftKey && letter === 't') return 'new-shell';
    if (shiftKey && letter === 'w') return 'close-tab';
  }
  return undefined;
}

const either = (first: string, second: string): string => translator.t('session.keys.either', { first, second });

/** What to show beside a command (a tooltip, the keyboard help). The keys' names are not translated. */
export function commandKeys(command: WorkspaceCommand, mode: KeyMode): string {
  const browser: Record<WorkspaceCommand, string> = {
    'new-shell': 'Alt+Shift+N',
    'close-tab': 'Alt+Shift+W',
    'next-tab': 'Alt+PgDn',
    'previous-tab': 'Alt+PgUp',
    leave: 'Alt+Shift+L',
    'next-pane': either('Alt+Shift+P', 'F6'),
    'previous-pane': 'Shift+F6',
  };
  const electron: Partial<Record<WorkspaceCommand, string>> = {
    'new-shell': 'Ctrl+Shift+T',
    'close-tab': 'Ctrl+Shift+W',
    'next-tab': 'Ctrl+PgDn',
    'previous-tab': 'Ctrl+PgUp',
  };
  const electronKeys = mode === 'electron' ? electron[command] : undefined;
  return electronKeys ? either(electronKeys, browser[command]) : browser[command];
}
