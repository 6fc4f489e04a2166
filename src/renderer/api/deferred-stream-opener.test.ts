import { describe, expect, it } from 'vitest';
import type { StreamUp } from '../../shared/stream';
import { deferredStreamOpener } from './deferred-stream-opener';
import type { LiveStreamHandlers, StreamOpener } from './live-stream';

function recorder() {
  const log: string[] = [];
  const handlers: LiveStreamHandlers = {
    onData: () => log.push('data'),
    onControl: () => log.push('control'),
    onClose: (reason) => log.push(`closed: ${reason}`),
  };
  return { log, handlers };
}

/** A transport that records what it is asked to do. */
function recordingTransport(log: string[]): StreamOpener {
  return (sessionId) => {
    log.push(`open ${sessionId}`);
    return { send: (message) => log.push(`send ${JSON.stringify(message)}`), close: () => log.push('transport close') };
  };
}

const ack: StreamUp = { t: 'ack', bytes: 10 } as unknown as StreamUp;

describe('deferredStreamOpener', () => {
  it('opens the stream once its code is loaded and sends what the UI sent meanwhile, in order', async () => {
    const { log, handlers } = recorder();
    let loaded!: (open: StreamOpener) => void;
    const open = deferredStreamOpener(() => new Promise((resolve) => (loaded = resolve)));
    const stream = open('session-1', handlers);
    stream.send(ack);
    expect(log).toEqual([]);
    loaded(recordingTransport(log));
    await Promise.resolve();
    await Promise.resolve();
    stream.send(ack);
    expect(log).toEqual(['open session-1', `send ${JSON.stringify(ack)}`, `send ${JSON.stringify(ack)}`]);
    stream.close();
    expect(log.at(-1)).toBe('transport close');
  });

  it('loads the code once for every stream', async () => {
    let loads = 0;
    const log: string[] = [];
    const open = deferredStreamOpener(async () => {
      loads++;
      return recordingTransport(log);
    });
    open('session-1', recorder().handlers);
    open('session-2', recorder().handlers);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(loads).toBe(1);
    expect(log).toEqual(['open session-1', 'open session-2']);
  });

  it('never opens a stream closed before its code arrived, and says it closed', async () => {
    const { log, handlers } = recorder();
    const open = deferredStreamOpener(async () => recordingTransport(log));
    open('session-1', handlers).close();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(['closed: closed by the UI']);
  });

  it('closes the stream with the reason when its code cannot be loaded, and tries again for the next', async () => {
    const { log, handlers } = recorder();
    let attempts = 0;
    const open = deferredStreamOpener(async () => {
      if (attempts++ === 0) throw new Error('Failed to fetch dynamically imported module');
      return recordingTransport(log);
    });
    open('session-1', handlers);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(['closed: Failed to fetch dynamically imported module']);
    open('session-2', handlers);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log.at(-1)).toBe('open session-2');
  });
});
