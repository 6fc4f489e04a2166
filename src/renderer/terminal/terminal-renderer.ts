import { WebglAddon } from '@xterm/addon-webgl';
import type { Terminal } from '@xterm/xterm';

/** Which renderer draws a terminal: xterm's WebGL one, or its DOM one (the fallback). */
export type TerminalRendererKind = 'webgl' | 'dom';

/** Renderer strings of WebGL implementations that run on the CPU (Chromium's SwiftShader, Mesa's llvmpipe/softpipe). */
const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software/i;

/**
 * The name of the GPU WebGL 2 would draw with, '' when it cannot tell, or undefined when there
 * is no WebGL 2 at all. Probed on a throw-away canvas, whose context is released at once.
 */
export function webglRendererName(): string | undefined {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2');
  if (!gl) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name;
}

export interface RendererChoice {
  /** WebGL even on a software implementation (measured slower than the DOM renderer there). */
  readonly allowSoftwareGl?: boolean;
  /** Told each time the renderer changes (once at start; again if the WebGL context is lost). */
  readonly onChange?: (kind: TerminalRendererKind) => void;
}

/**
 * Draws an opened terminal with WebGL where the GPU does the work, else with xterm's DOM renderer.
 * When the WebGL context is lost (driver reset, too many contexts), the addon is disposed and the
 * terminal goes back to the DOM renderer with its contents intact. The kind in use is written to
 * the terminal element's `data-renderer`.
 */
export function pickFastestRenderer(terminal: Terminal, choice: RendererChoice = {}): TerminalRendererKind {
  const mark = (kind: TerminalRendererKind): TerminalRendererKind => {
    if (terminal.element) terminal.element.dataset.renderer = kind;
    choice.onChange?.(kind);
    return kind;
  };
  const gpu = webglRendererName();
  if (gpu === undefined || (SOFTWARE_GL.test(gpu) && !choice.allowSoftwareGl)) return mark('dom');
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => {
      webgl.dispose();
      mark('dom');
    });
    terminal.loadAddon(webgl);
  } catch {
    return mark('dom');
  }
  return mark('webgl');
}
