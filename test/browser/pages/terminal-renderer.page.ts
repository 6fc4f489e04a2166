/**
 * The page of terminal-renderer.test.ts: the app's own xterm (createXterm) with the renderer it
 * picks, text written into it, the WebGL context lost on demand, and a timed flood of output.
 */
import { createXterm, type Xterm } from '../../../src/renderer/terminal/create-xterm';
import { webglRendererName } from '../../../src/renderer/terminal/terminal-renderer';

interface RendererProbe {
  /** A fresh terminal; resolves with the renderer it uses and the GPU WebGL reports ('' or undefined: none). */
  open(allowSoftwareGl: boolean): { renderer: string | undefined; gpu: string | undefined };
  /** Writes `text`, resolves once it is parsed and a frame has been drawn, with the terminal's box. */
  write(text: string): Promise<DOMRect>;
  renderer(): string | undefined;
  /** Loses the WebGL context as a driver reset would. */
  loseContext(): boolean;
  /** The text of row `row` as xterm holds it. */
  line(row: number): string;
  /** MB/s for `megabytes` of 76-column base64-like lines written with write-callback flow control. */
  flood(megabytes: number): Promise<number>;
}

let xterm: Xterm | undefined;
const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

const probe: RendererProbe = {
  open(allowSoftwareGl) {
    xterm?.terminal.dispose();
    document.body.replaceChildren();
    const host = document.createElement('div');
    host.style.cssText = 'width: 800px; height: 480px';
    document.body.append(host);
    xterm = createXterm(host, { fontSize: 14, screenReaderMode: false, renderer: { allowSoftwareGl } });
    return { renderer: probe.renderer(), gpu: webglRendererName() };
  },
  write: (text) =>
    new Promise((resolve) =>
      xterm!.terminal.write(text, () => {
        void frame()
          .then(frame)
          .then(() => resolve(xterm!.terminal.element!.getBoundingClientRect()));
      }),
    ),
  renderer: () => xterm?.terminal.element?.dataset.renderer,
  loseContext() {
    // The renderer's canvas is the one holding a WebGL 2 context (the others hold 2D ones, for which this gives null).
    for (const canvas of xterm?.terminal.element?.querySelectorAll('canvas') ?? []) {
      const extension = canvas.getContext('webgl2')?.getExtension('WEBGL_lose_context');
      if (extension) {
        extension.loseContext();
        return true;
      }
    }
    return false;
  },
  line: (row) => xterm!.terminal.buffer.active.getLine(xterm!.terminal.buffer.active.viewportY + row)?.translateToString(true) ?? '',
  flood(megabytes) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let lines = '';
    for (let i = 0; i < 862; i++) {
      let line = '';
      for (let j = 0; j < 76; j++) line += alphabet[(i * 31 + j * 7) % 64];
      lines += `${line}\r\n`;
    }
    const chunk = new TextEncoder().encode(lines); // ~66 KB
    const total = Math.ceil((megabytes * 1e6) / chunk.length);
    const terminal = xterm!.terminal;
    return new Promise((resolve) => {
      let sent = 0;
      let done = 0;
      let pending = 0;
      const started = performance.now();
      const pump = (): void => {
        while (sent < total && pending < 1 << 20) {
          sent++;
          pending += chunk.length;
          terminal.write(chunk, () => {
            pending -= chunk.length;
            done++;
            if (done === total) void frame().then(() => resolve((total * chunk.length) / 1e3 / (performance.now() - started)));
            else pump();
          });
        }
      };
      pump();
    });
  },
};

(window as unknown as { rendererProbe: RendererProbe }).rendererProbe = probe;
