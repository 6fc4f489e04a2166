import { describe, expect, it, vi } from 'vitest';
import { decodeFrame, encodeFrame, type CompressedFrameRect, type DecodedFrame } from '../../shared/rdp/desktop-frame';
import type { StreamDown, StreamUp } from '../../shared/stream';
import type { LiveStreamHandlers, StreamOpener } from '../api/live-stream';
import { canvasSink, DesktopLink } from './desktop-link';

function harness() {
  const sent: StreamUp[] = [];
  const drawn: DecodedFrame[] = [];
  const paints: (() => void)[] = [];
  let handlers: LiveStreamHandlers | undefined;
  const open: StreamOpener = (_id, h) => {
    handlers = h;
    return { send: (m) => sent.push(m), close: () => undefined };
  };
  const link = new DesktopLink({
    sessionId: 'abcdefgh12345678',
    openStream: open,
    sink: { draw: (bytes) => drawn.push(decodeFrame(bytes)) },
    afterPaint: (run) => paints.push(run),
  });
  return {
    link,
    sent,
    drawn,
    data: (bytes: Uint8Array) => handlers!.onData(bytes),
    control: (m: StreamDown) => handlers!.onControl(m),
    paint: () => paints.splice(0).forEach((run) => run()),
  };
}

const frame = (value: number) => encodeFrame(4, 4, [{ x: 0, y: 0, width: 2, height: 2 }], (_, t) => t.fill(value));

describe('DesktopLink', () => {
  it('draws each message at once and acknowledges all drawn bytes after the next paint, in one ack', () => {
    const { sent, drawn, data, paint } = harness();
    data(frame(1));
    data(frame(2));
    expect(drawn).toHaveLength(2);
    expect(sent).toEqual([]);
    paint();
    expect(sent).toEqual([{ t: 'ack', bytes: frame(1).byteLength * 2 }]);
  });

  it('acknowledges a malformed message without drawing it, so the window does not shrink for ever', () => {
    const { sent, drawn, data, paint } = harness();
    data(new Uint8Array([1, 2, 3]));
    paint();
    expect(drawn).toEqual([]);
    expect(sent).toEqual([{ t: 'ack', bytes: 3 }]);
  });

  it('splits a long paste into messages the app accepts, and stops sending after the session ended', () => {
    const { link, sent, control } = harness();
    const events = Array.from({ length: 5000 }, (_, i) => ({ type: 'unicode' as const, codePoint: 0x61 + (i % 26), pressed: i % 2 === 0 }));
    link.input(events);
    expect(sent.map((m) => (m.t === 'desktop-input' ? m.events.length : 0))).toEqual([4096, 904]);
    link.ctrlAltDel();
    expect(sent.at(-1)).toEqual({ t: 'desktop-action', action: 'ctrl-alt-del' });
    control({ t: 'end', reason: 'closed' });
    link.releaseKeys();
    link.input(events.slice(0, 2));
    expect(sent).toHaveLength(3);
  });
});

/** A canvas whose 2D context records what is put on it (happy-dom has no canvas drawing). */
function recordingCanvas() {
  const puts: { x: number; y: number; width: number; height: number; first: number }[] = [];
  const canvas = document.createElement('canvas');
  const context = {
    putImageData: (image: ImageData, _dx: number, _dy: number, x: number, y: number, width: number, height: number) =>
      puts.push({ x, y, width, height, first: new Uint32Array(image.data.buffer)[y * image.width + x]! }),
  };
  const getContext = vi.spyOn(canvas, 'getContext').mockReturnValue(context as unknown as CanvasRenderingContext2D);
  return { canvas, puts, getContext };
}

// 24 bpp interleaved RLE: a colour run of 8 pixels of B 3, G 2, R 1 (MS-RDPBCGR 2.2.9.1.1.3.1.2.4).
const RUN_OF_EIGHT = Uint8Array.from([0x68, 3, 2, 1]);

/** A 16×8 desktop's message of these compressed bitmaps and no RGBA. */
const compressedMessage = (compressed: CompressedFrameRect[]): Uint8Array => encodeFrame(16, 8, [], () => undefined, undefined, compressed);

describe('canvasSink', () => {
  it('decodes compressed bitmaps into the page framebuffer and puts only the changed areas, once per animation frame', () => {
    const { canvas, puts } = recordingCanvas();
    const frames: (() => void)[] = [];
    const sizes: [number, number][] = [];
    const sink = canvasSink(
      canvas,
      (w, h) => sizes.push([w, h]),
      (run) => frames.push(run),
    );
    sink.draw(compressedMessage([]));
    frames.splice(0).forEach((run) => run());
    expect(sizes).toEqual([[16, 8]]);
    expect(puts).toEqual([{ x: 0, y: 0, width: 16, height: 8, first: 0 }]);
    puts.length = 0;
    const compressed = { x: 4, y: 2, width: 4, height: 2, bitmapWidth: 4, bitmapHeight: 2, bitsPerPixel: 24 as const, data: RUN_OF_EIGHT };
    sink.draw(compressedMessage([compressed]));
    sink.draw(compressedMessage([{ ...compressed, x: 10 }]));
    expect(frames).toHaveLength(1);
    expect(puts).toEqual([]);
    frames.splice(0).forEach((run) => run());
    expect(puts).toEqual([
      { x: 4, y: 2, width: 4, height: 2, first: 0xff030201 },
      { x: 10, y: 2, width: 4, height: 2, first: 0xff030201 },
    ]);
    frames.splice(0).forEach((run) => run());
    expect(puts).toHaveLength(2);
  });

  it('draws on an opaque, desynchronized 2D context, whose paints skip the page compositor', () => {
    const { canvas, getContext } = recordingCanvas();
    canvasSink(canvas, () => undefined);
    expect(getContext).toHaveBeenCalledWith('2d', { alpha: false, desynchronized: true });
  });
});
