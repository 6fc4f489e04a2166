import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame, type CompressedFrameRect } from '../../src/shared/rdp/desktop-frame';
import { DesktopFramebuffer } from '../../src/shared/rdp/desktop-framebuffer';
import {
  KEEP_SOCKETS,
  START_RECORDING,
  TAKE_RECORDING,
  applyFrames,
  applyingCost,
  desktopFrames,
  messagesContent,
  unpackRecording,
} from './desktop-messages';

// 24 bpp interleaved RLE: a colour image of 4 pixels (B G R each), then a colour run of 4 (MS-RDPBCGR 2.2.9.1.1.3.1.2.4).
const FOUR_PIXELS_THEN_A_RUN = Uint8Array.from([0x84, 0, 0, 255, 0, 255, 0, 255, 0, 0, 1, 2, 3, 0x64, 9, 8, 7]);

function compressed(x: number, y: number, data = FOUR_PIXELS_THEN_A_RUN): CompressedFrameRect {
  return { x, y, width: 4, height: 2, bitmapWidth: 4, bitmapHeight: 2, bitsPerPixel: 24, data };
}

/** An 8×4 desktop: compressed bitmaps, then one 2×2 RGBA rectangle filled with `fill` at (6, 2). */
function frame(bitmaps: readonly CompressedFrameRect[], fill?: number): Uint8Array {
  const rects = fill === undefined ? [] : [{ x: 6, y: 2, width: 2, height: 2 }];
  return encodeFrame(8, 4, rects, (_rect, target) => target.fill(fill ?? 0), undefined, bitmaps);
}

const word = (fb: DesktopFramebuffer, x: number, y: number) => new Uint32Array(fb.pixels.buffer)[y * fb.desktopWidth + x];

const run = (script: string): unknown => (0, eval)(script);

describe("recording the page's desktop messages", () => {
  const native = globalThis.WebSocket;
  afterEach(() => {
    globalThis.WebSocket = native;
    const kept = globalThis as { __labBenchSockets?: unknown; __labBenchRecording?: unknown };
    delete kept.__labBenchSockets;
    delete kept.__labBenchRecording;
  });

  it('keeps the sockets the page opens and answers the binary messages they got while recording, in order, and no text', () => {
    globalThis.WebSocket = class extends EventTarget {} as unknown as typeof WebSocket;
    run(KEEP_SOCKETS);
    const socket = new WebSocket('ws://127.0.0.1:1/stream');
    const send = (data: unknown) => socket.dispatchEvent(new MessageEvent('message', { data }));
    send(Uint8Array.of(9).buffer); // before recording
    expect(run(START_RECORDING)).toBe(1);
    const first = frame([compressed(0, 0)]);
    send(first.slice().buffer);
    send('{"t":"ack"}');
    send(Uint8Array.of(1, 2, 3).buffer);
    const messages = unpackRecording(run(TAKE_RECORDING) as string);
    expect(messages.map((m) => [...m])).toEqual([[...first], [1, 2, 3]]);
    send(first.slice().buffer); // after: not kept
    expect(unpackRecording(run(TAKE_RECORDING) as string)).toEqual([]);
    expect(desktopFrames(messages)).toHaveLength(1);
  });

  it('refuses a recording cut short', () => {
    const packed = Buffer.from([5, 0, 0, 0, 1, 2]).toString('base64');
    expect(() => unpackRecording(packed)).toThrow(/cut in the message/);
  });
});

describe('applying recorded messages as the page does', () => {
  const broken = compressed(4, 0, FOUR_PIXELS_THEN_A_RUN.subarray(0, 5));
  const frames = [frame([compressed(0, 0)]), frame([broken], 0x22), frame([compressed(4, 2)], 0x11), Uint8Array.of(1, 2, 3)];

  it('counts the desktop frames, their compressed bitmaps by depth and the RGBA rectangles', () => {
    expect(messagesContent(frames)).toEqual({
      frames: 3,
      others: 1,
      bytes: frames.slice(0, 3).reduce((sum, f) => sum + f.byteLength, 0),
      compressedByBpp: { 24: 3 },
      compressedPixels: 3 * 8,
      rgbaRects: 2,
    });
  });

  it('decodes every frame into the framebuffer in order, a broken bitmap skipped and the rest of its frame applied', () => {
    const fb = new DesktopFramebuffer();
    expect(applyFrames(desktopFrames(frames), fb)).toBe(1);
    // The first frame's bitmap: its stream's first row is the bottom one.
    expect([0, 1, 2, 3].map((x) => word(fb, x, 1))).toEqual([0xff0000ff, 0xff00ff00, 0xffff0000, 0xff010203]);
    // The broken one is black, its frame's RGBA rectangle drawn, then the last frame's bitmap under its rectangle.
    expect(word(fb, 4, 0)).toBe(0xff000000);
    expect([word(fb, 4, 3), word(fb, 4, 2)]).toEqual([0xff0000ff, 0xff090807]);
    expect(word(fb, 6, 3)).toBe(0x11111111);
    expect(fb.takeDamage()).toEqual([]);
  });

  it('times at least the passes asked for, each over every frame', () => {
    const cost = applyingCost(desktopFrames(frames), 0, 3);
    expect(cost.passes).toBe(3);
    expect(cost.broken).toBe(1);
    expect(cost.cpuPerPass).toBeGreaterThanOrEqual(0);
  });
});
