/**
 * The page of framebuffer-display.test.ts: noVNC's own Display and the app's framebuffer display
 * side by side, each on a canvas of its own, given the same drawing calls.
 */
// noVNC's package exports only its RFB: its Display is reached by path (this page only).
import Display from '../../../node_modules/@novnc/novnc/core/display.js';
import { framebufferDisplay, type DisplayConstructor, type NoVncDisplay } from '../../../src/renderer/vnc/framebuffer-display';

export type DrawCall =
  | { op: 'resize'; width: number; height: number }
  | { op: 'fill'; x: number; y: number; width: number; height: number; color: [number, number, number] }
  | { op: 'blit'; x: number; y: number; width: number; height: number; seed: number }
  | { op: 'copy'; fromX: number; fromY: number; x: number; y: number; width: number; height: number }
  | { op: 'flip' };

interface DisplayProbe {
  /** Runs `calls` on both displays, waits for a frame, and says how their visible canvases differ. */
  draw(calls: readonly DrawCall[]): Promise<{ width: number; height: number; differing: number; firstDifference: string }>;
}

const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/** Opaque noise, the same for the same seed. */
function noise(width: number, height: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(width * height * 4);
  let state = seed >>> 0 || 1;
  for (let at = 0; at < bytes.length; at++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[at] = (at & 3) === 3 ? 255 : state >>> 24;
  }
  return bytes;
}

function apply(display: NoVncDisplay, call: DrawCall): void {
  if (call.op === 'resize') display.resize(call.width, call.height);
  else if (call.op === 'fill') display.fillRect(call.x, call.y, call.width, call.height, call.color);
  else if (call.op === 'blit') display.blitImage(call.x, call.y, call.width, call.height, noise(call.width, call.height, call.seed), 0);
  else if (call.op === 'copy') display.copyImage(call.fromX, call.fromY, call.x, call.y, call.width, call.height);
  else display.flip();
}

function pixels(canvas: HTMLCanvasElement): Uint8ClampedArray {
  return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
}

const probe: DisplayProbe = {
  async draw(calls) {
    document.body.replaceChildren();
    const canvases = [document.createElement('canvas'), document.createElement('canvas')] as const;
    document.body.append(...canvases);
    const Base = Display as unknown as DisplayConstructor;
    const displays = [new Base(canvases[0]), new (framebufferDisplay(Base))(canvases[1])];
    for (const call of calls) for (const display of displays) apply(display, call);
    await frame();
    await frame();
    const [theirs, ours] = canvases;
    if (theirs.width !== ours.width || theirs.height !== ours.height)
      return { width: ours.width, height: ours.height, differing: -1, firstDifference: `size ${theirs.width}×${theirs.height}` };
    const [a, b] = [pixels(theirs), pixels(ours)];
    let differing = 0;
    let firstDifference = '';
    for (let at = 0; at < a.length; at += 4) {
      if (a[at] === b[at] && a[at + 1] === b[at + 1] && a[at + 2] === b[at + 2] && a[at + 3] === b[at + 3]) continue;
      if (!differing) {
        const pixel = at / 4;
        firstDifference = `(${pixel % ours.width}, ${Math.floor(pixel / ours.width)}): noVNC ${[...a.subarray(at, at + 4)]}, ours ${[...b.subarray(at, at + 4)]}`;
      }
      differing++;
    }
    return { width: ours.width, height: ours.height, differing, firstDifference };
  },
};

(window as unknown as { displayProbe: DisplayProbe }).displayProbe = probe;
