import { describe, expect, it } from 'vitest';
import type { StreamDown, StreamUp } from '../../shared/stream';
import type { LiveStreamHandlers, StreamOpener } from '../api/live-stream';
import type { VncChannel } from './vnc-channel';
import { VncLink } from './vnc-link';

interface RecordingClient {
  readonly channel: VncChannel;
  readonly received: number[][];
  disconnected: boolean;
  disconnect(): void;
}

function harness() {
  const sent: StreamUp[] = [];
  const clients: RecordingClient[] = [];
  const paints: (() => void)[] = [];
  let handlers: LiveStreamHandlers | undefined;
  const open: StreamOpener = (_id, h) => {
    handlers = h;
    return { send: (m) => sent.push(m), close: () => undefined };
  };
  const link = new VncLink({
    sessionId: 'abcdefgh12345678',
    openStream: open,
    afterPaint: (run) => paints.push(run),
    createClient: (channel) => {
      const client: RecordingClient = {
        channel,
        received: [],
        disconnected: false,
        disconnect() {
          this.disconnected = true;
          channel.close();
        },
      };
      // noVNC sets its handler on the channel it is given.
      channel.onmessage = (event) => client.received.push([...new Uint8Array(event.data)]);
      clients.push(client);
      return client;
    },
  });
  return {
    link,
    sent,
    clients,
    data: (...bytes: number[]) => handlers!.onData(new Uint8Array(bytes)),
    channelBytes: (count: number) => handlers!.onData(new Uint8Array(count)),
    control: (m: StreamDown) => handlers!.onControl(m),
    paint: () => paints.splice(0).forEach((run) => run()),
  };
}

function setEncodings(encodings: readonly number[]): Uint8Array {
  const message = new Uint8Array(4 + 4 * encodings.length);
  const view = new DataView(message.buffer);
  message[0] = 2;
  view.setUint16(2, encodings.length);
  encodings.forEach((encoding, i) => view.setInt32(4 + 4 * i, encoding));
  return message;
}

/** RFC 6143 §7.5.3 FramebufferUpdateRequest of an 800×600 desktop. */
function updateRequest(incremental: boolean): Uint8Array {
  const message = new Uint8Array(10);
  const view = new DataView(message.buffer);
  message[0] = 3;
  message[1] = incremental ? 1 : 0;
  view.setUint16(6, 800);
  view.setUint16(8, 600);
  return message;
}

const bytesOf = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

function encodingsOf(base64: string): number[] {
  const message = bytesOf(base64);
  const view = new DataView(message.buffer);
  expect(message[0]).toBe(2);
  return Array.from({ length: view.getUint16(2) }, (_, i) => view.getInt32(4 + 4 * i));
}

const ready: StreamDown = { t: 'ready', sessionId: 'abcdefgh12345678', window: 2 * 1024 * 1024 };
/** A window so small that every byte is an eighth of it: acknowledged after each paint. */
const small: StreamDown = { t: 'ready', sessionId: 'abcdefgh12345678', window: 8 };

describe('VncLink', () => {
  it('makes the RFB client on the first bytes of a conversation and hands it every byte, acknowledged after the paint', () => {
    const h = harness();
    h.control(small);
    expect(h.clients).toHaveLength(0);
    h.data(1, 2, 3);
    h.data(4);
    expect(h.clients).toHaveLength(1);
    expect(h.clients[0]!.received).toEqual([[1, 2, 3], [4]]);
    expect(h.sent).toEqual([]);
    h.paint();
    expect(h.sent).toEqual([{ t: 'ack', bytes: 4 }]);
  });

  it('acknowledges once an eighth of the window is owed, not after every paint: the server waits for update requests, the window only bounds what is in flight', () => {
    const h = harness();
    h.control(ready);
    const eighth = ready.t === 'ready' ? ready.window / 8 : 0;
    h.channelBytes(eighth - 1);
    h.paint();
    expect(h.sent).toEqual([]);
    h.data(7);
    expect(h.sent).toEqual([]);
    h.paint();
    expect(h.sent).toEqual([{ t: 'ack', bytes: eighth }]);
    h.data(7);
    h.paint();
    expect(h.sent).toHaveLength(1);
  });

  it('starts a new client for each ready (a new conversation), dropping the old one and what it was owed', () => {
    const h = harness();
    h.control(small);
    h.data(1, 2);
    h.control(small);
    expect(h.clients[0]!.disconnected).toBe(true);
    h.data(9);
    expect(h.clients).toHaveLength(2);
    expect(h.clients[1]!.received).toEqual([[9]]);
    h.paint();
    expect(h.sent).toEqual([{ t: 'ack', bytes: 1 }]);
  });

  it('sends what the client writes as base64 vnc-data, copied before the client reuses its buffer', () => {
    const h = harness();
    h.control(ready);
    h.data(0);
    const buffer = new Uint8Array([82, 70, 66]);
    h.clients[0]!.channel.send(buffer);
    buffer.fill(0);
    expect(h.sent).toEqual([{ t: 'vnc-data', data: 'UkZC' }]);
  });

  it("asks for lossless Tight as native viewers do: noVNC's SetEncodings goes up without its JPEG quality level", () => {
    const h = harness();
    h.control(ready);
    h.data(0);
    // RFC 6143 §7.5.2 SetEncodings: CopyRect, Tight, quality level 6, compress level 2, continuous updates.
    h.clients[0]!.channel.send(setEncodings([1, 7, -32 + 6, -256 + 2, -313]));
    const sent = h.sent.filter((m) => m.t === 'vnc-data').map((m) => (m.t === 'vnc-data' ? m.data : ''));
    expect(sent.map(encodingsOf)).toEqual([[1, 7, -256 + 2]]);
  });

  it('asks for updates one request at a time, as native viewers do: no continuous updates, no fences to answer', () => {
    const h = harness();
    h.control(ready);
    h.data(0);
    // CopyRect, Tight, Fence (-312), ContinuousUpdates (-313), ExtendedDesktopSize (-308).
    h.clients[0]!.channel.send(setEncodings([1, 7, -312, -313, -308]));
    const sent = h.sent.filter((m) => m.t === 'vnc-data').map((m) => (m.t === 'vnc-data' ? m.data : ''));
    expect(sent.map(encodingsOf)).toEqual([[1, 7, -308]]);
  });

  it("holds the client's next update request until the page has painted, and asks once however often it asked meanwhile", () => {
    const h = harness();
    h.control(ready);
    h.data(0);
    h.paint();
    h.sent.length = 0;
    const request = updateRequest(true);
    h.clients[0]!.channel.send(request);
    request.fill(0); // noVNC reuses its buffer
    h.clients[0]!.channel.send(updateRequest(true));
    expect(h.sent).toEqual([]);
    h.paint();
    expect(h.sent.map((m) => (m.t === 'vnc-data' ? [...bytesOf(m.data)] : m))).toEqual([[...updateRequest(true)]]);
    h.paint();
    expect(h.sent).toHaveLength(1);
  });

  it("sends a request for the whole picture (not incremental) and the learner's input at once, while an update request waits", () => {
    const h = harness();
    h.control(ready);
    h.data(0);
    h.paint();
    h.sent.length = 0;
    h.clients[0]!.channel.send(updateRequest(true));
    const key = new Uint8Array([4, 1, 0, 0, 0, 0, 0, 0x61]);
    h.clients[0]!.channel.send(key);
    h.clients[0]!.channel.send(updateRequest(false));
    expect(h.sent.map((m) => (m.t === 'vnc-data' ? [...bytesOf(m.data)] : m))).toEqual([[...key], [...updateRequest(false)]]);
  });

  it('drops a waiting update request when the conversation ends', () => {
    const h = harness();
    h.control(ready);
    h.data(0);
    h.paint();
    h.sent.length = 0;
    h.clients[0]!.channel.send(updateRequest(true));
    h.link.dispose();
    h.paint();
    expect(h.sent).toEqual([]);
  });

  it('passes any other message on as noVNC wrote it, quality-level-like numbers and all', () => {
    const h = harness();
    h.control(ready);
    h.data(0);
    // A KeyEvent (type 4) whose key happens to read as a quality level, and a SetEncodings cut short.
    const keyEvent = new Uint8Array([4, 1, 0, 0, 0xff, 0xff, 0xff, 0xe6]);
    const truncated = setEncodings([7, -26]).subarray(0, 10);
    h.clients[0]!.channel.send(keyEvent);
    h.clients[0]!.channel.send(truncated);
    const sent = h.sent.filter((m) => m.t === 'vnc-data').map((m) => (m.t === 'vnc-data' ? [...bytesOf(m.data)] : []));
    expect(sent).toEqual([[...keyEvent], [...truncated]]);
  });

  it('splits a large write (a long clipboard) into messages the app accepts', () => {
    const h = harness();
    h.control(ready);
    h.data(0);
    h.clients[0]!.channel.send(new Uint8Array(600 * 1024));
    const pieces = h.sent.filter((m) => m.t === 'vnc-data');
    expect(pieces).toHaveLength(3);
    expect(pieces.reduce((n, m) => n + atob(m.t === 'vnc-data' ? m.data : '').length, 0)).toBe(600 * 1024);
  });

  it('lets go of the client when the view goes', () => {
    const h = harness();
    h.control(ready);
    h.data(0);
    h.link.dispose();
    expect(h.clients[0]!.disconnected).toBe(true);
  });
});
