/**
 * The page of terminal-glyphs.test.ts: the app's own xterm (createXterm, with its font and line
 * height) at a given font size, and the same text in plain DOM where nothing can clip it.
 */
import { createXterm } from '../../../src/renderer/terminal/create-xterm';

interface GlyphProbe {
  /** The first row of an xterm at `fontSize` showing `text`, and a reference line of the same text. */
  show(fontSize: number, text: string): Promise<{ row: DOMRect; reference: DOMRect; cellHeight: number }>;
}

const probe: GlyphProbe = {
  show: (fontSize, text) => {
    document.body.replaceChildren();
    const host = document.createElement('div');
    host.style.cssText = 'width: 640px; height: 120px';
    document.body.append(host);
    const xterm = createXterm(host, { fontSize, screenReaderMode: false });
    const reference = document.createElement('div');
    const rowStyle = getComputedStyle(document.body);
    reference.textContent = text;
    reference.style.cssText = `font-family: ${xterm.terminal.options.fontFamily ?? rowStyle.fontFamily}; font-size: ${fontSize}px; line-height: 4; color: #d8dee9; background: #1d2330; width: 640px; white-space: pre`;
    document.body.append(reference);
    return new Promise((resolve) => {
      xterm.terminal.write(text, () => {
        requestAnimationFrame(() => {
          const row = host.querySelector('.xterm-rows > div')!;
          resolve({
            row: row.getBoundingClientRect(),
            reference: reference.getBoundingClientRect(),
            cellHeight: row.getBoundingClientRect().height,
          });
        });
      });
    });
  },
};

(window as unknown as { glyphProbe: GlyphProbe }).glyphProbe = probe;
