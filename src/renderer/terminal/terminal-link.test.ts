import { describe, expect, it } from 'vitest';
import type { StreamUp } from '../../shared/stream';
import type { LiveStreamHandlers, StreamOpener } from '../api/live-stream';
import { TerminalLink, type TerminalWriter } from './terminal-link';

/** An xterm stand-in that parses writes only when told to, like a renderer that fell behind. */
class SlowWriter implements TerminalWriter {
  readonly queue: { data: Uint8Array | string; done?: () => void }[] = [];
  write(data: Uint8Array | string, done?: () => void): void {
    this.queue.push({ data, done });
  }
  parse(count = this.queue.length): void {
    for (const item of this.queue.splice(0, count)) item.done?.();
  }
}

function fakeStreams() {
  const opened: { sessionId: string; handlers: LiveStreamHandlers; sent: StreamUp[]; closed: boolean }[] = [];
  const open: StreamOpener = (sessionId, handlers) => {
    const stream = { sessionId, handlers, sent: [] as StreamUp[], closed: false };
    opened.push(stream);
    return { send: (m) => stream.sent.push(m), close: () => (stream.closed = true) };
  };
  return { open, opened };
}

const acked = (sent: StreamUp[]) => sent.reduce((n, m) => n + (m.t === 'ack' ? m.bytes : 0), 0);
const wait = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TerminalLink', () => {
  it('acknowledges output only once xterm has parsed it, and all of it', async () => {
    const streams = fakeStreams();
    const xterm = new SlowWriter();
    new TerminalLink({ sessionId: 's1234567', openStream: streams.open, terminal: xterm });
    const stream = streams.opened[0]!;
    stream.handlers.onControl({ t: 'ready', sessionId: 's1234567', window: 1 << 20 });
    for (let i = 0; i < 10; i++) stream.handlers.onData(new Uint8Array(1000));
    await wait();
    expect(acked(stream.sent)).toBe(0);
    xterm.parse(4);
    await wait();
    expect(acked(stream.sent)).toBe(4000);
    xterm.parse();
    await wait();
    expect(acked(stream.sent)).toBe(10_000);
  });

  it('sends keystrokes as input', () => {
    const streams = fakeStreams();
    const link = new TerminalLink({ sessionId: 's1234567', openStream: streams.open, terminal: new SlowWriter() });
    link.input('ls\r');
    link.input('');
    expect(streams.opened[0]!.sent).toEqual([{ t: 'input', data: 'ls\r' }]);
  });

  it("starts xterm from a clean screen before the session's kept output, in order with what it wrote before", () => {
    const streams = fakeStreams();
    const xterm = new SlowWriter();
    new TerminalLink({ sessionId: 's1234567', openStream: streams.open, terminal: xterm });
    const stream = streams.opened[0]!;
    stream.handlers.onData(new TextEncoder().encode('old'));
    stream.handlers.onControl({ t: 'ready', sessionId: 's1234567', window: 1 << 20, replay: 5 });
    stream.handlers.onData(new TextEncoder().encode('kept!'));
    expect(xterm.queue.map((item) => (typeof item.data === 'string' ? item.data : new TextDecoder().decode(item.data)))).toEqual([
      'old',
      '\x1bc',
      'kept!',
    ]);
  });

  it('attaches again when the transport drops, and never acks old output on the new stream', async () => {
    const streams = fakeStreams();
    const xterm = new SlowWriter();
    new TerminalLink({ sessionId: 's1234567', openStream: streams.open, terminal: xterm, reattachDelayMs: () => 1 });
    streams.opened[0]!.handlers.onData(new Uint8Array(700));
    streams.opened[0]!.handlers.onClose('network');
    await wait();
    expect(streams.opened).toHaveLength(2);
    xterm.parse();
    streams.opened[1]!.handlers.onData(new Uint8Array(300));
    xterm.parse();
    await wait();
    expect(acked(streams.opened[1]!.sent)).toBe(300);
  });

  it('stops for good when the app ends the session', async () => {
    const streams = fakeStreams();
    let reason = '';
    new TerminalLink({
      sessionId: 's1234567',
      openStream: streams.open,
      terminal: new SlowWriter(),
      onEnded: (r) => (reason = r),
      reattachDelayMs: () => 1,
    });
    streams.opened[0]!.handlers.onControl({ t: 'end', reason: 'The shell ended.' });
    streams.opened[0]!.handlers.onClose('closed');
    await wait();
    expect(reason).toBe('The shell ended.');
    expect(streams.opened).toHaveLength(1);
  });
});
