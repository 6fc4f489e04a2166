import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { pickFastestRenderer, type RendererChoice } from './terminal-renderer';

export interface Xterm {
  readonly terminal: Terminal;
  readonly fit: FitAddon;
  readonly search: SearchAddon;
}

/** Links open outside the app: Electron's window-open handler sends http(s) to the system browser. */
export function openLink(uri: string): void {
  if (!/^https?:\/\//i.test(uri)) return;
  window.open(uri, '_blank', 'noopener,noreferrer');
}

/** Applies a new font size and refits the grid to the same pixels (the app then resizes the PTY). */
export function applyFontSize(xterm: Xterm, size: number): void {
  if (xterm.terminal.options.fontSize === size) return;
  xterm.terminal.options.fontSize = size;
  xterm.fit.fit();
}

export function applyScreenReaderMode(xterm: Xterm, on: boolean): void {
  xterm.terminal.options.screenReaderMode = on;
}

export function createXterm(host: HTMLElement, options: { fontSize: number; screenReaderMode: boolean; renderer?: RendererChoice }): Xterm {
  const terminal = new Terminal({
    fontSize: options.fontSize,
    fontFamily: "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
    screenReaderMode: options.screenReaderMode,
    scrollback: 5000,
    // At 1.0 a font's underscore can fall just below its row, which clips it (DejaVu Sans Mono at 14 px: "x86 64").
    lineHeight: 1.2,
    // Search decorations (the match count of find) use xterm's decoration API, still marked proposed.
    allowProposedApi: true,
    cursorBlink: true,
    // The right-click menu is ours; macOS' "select word on right click" would fight it.
    rightClickSelectsWord: false,
    theme: { background: '#1d2330', foreground: '#d8dee9', cursor: '#f0c674', selectionBackground: '#3b4a66' },
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  terminal.loadAddon(fit);
  terminal.loadAddon(search);
  terminal.loadAddon(new WebLinksAddon((_event, uri) => openLink(uri)));
  terminal.open(host);
  pickFastestRenderer(terminal, options.renderer);
  try {
    fit.fit();
  } catch {
    // A hidden tab has no size yet; it fits when shown.
  }
  return { terminal, fit, search };
}
