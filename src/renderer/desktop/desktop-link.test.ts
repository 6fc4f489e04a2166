import { describe, expect, it } from 'vitest';
import { encodeFrame, type DecodedFrame } from '../../shared/rdp/desktop-frame';
import type { StreamDown, StreamUp } from '../../shared/stream';
import type { LiveStreamHandlers, StreamOpener } from '../api/live-stream';
import { DesktopLink } from './desktop-link';

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
    sink: { draw: (f) => drawn.push(f) },
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
