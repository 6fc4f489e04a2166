import { afterEach, describe, expect, it } from 'vitest';
import type { LabBridge } from '../../shared/contract';
import type { StreamDown } from '../../shared/stream';
import { messagePortStreamOpener } from './live-stream';

/** A window stand-in: the preload "posts" the port by calling the page's message listener. */
function fakeWindow(origin = 'app://lab-console') {
  const listeners = new Set<(event: MessageEvent) => void>();
  const target = {
    location: { origin },
    addEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.delete(listener),
  };
  const post = (event: Partial<MessageEvent>) => [...listeners].forEach((l) => l(event as MessageEvent));
  return { target: target as unknown as Window, post, listeners };
}

const channels: MessageChannel[] = [];
afterEach(() => channels.splice(0).forEach((c) => (c.port1.close(), c.port2.close())));
const wait = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the Electron stream (MessagePort from the preload)', () => {
  it('takes the port of its own session from its own window, then streams both ways', async () => {
    const win = fakeWindow();
    const asked: string[] = [];
    const bridge = { call: async () => undefined, on: () => () => undefined, openStream: (id: string) => asked.push(id) } as LabBridge;
    const data: Uint8Array[] = [];
    const control: StreamDown[] = [];
    const stream = messagePortStreamOpener(bridge, win.target)('sessionABCDEFGH', {
      onData: (bytes) => data.push(bytes),
      onControl: (message) => control.push(message),
      onClose: () => undefined,
    });
    expect(asked).toEqual(['sessionABCDEFGH']);
    stream.send({ t: 'input', data: 'early' }); // before the port arrives: queued

    const foreign = new MessageChannel();
    const mine = new MessageChannel();
    channels.push(foreign, mine);
    win.post({
      source: {} as Window,
      origin: 'app://lab-console',
      data: { labStreamPort: 'sessionABCDEFGH' },
      ports: [foreign.port2 as never],
    });
    win.post({
      source: win.target,
      origin: 'https://evil.example',
      data: { labStreamPort: 'sessionABCDEFGH' },
      ports: [foreign.port2 as never],
    });
    win.post({
      source: win.target,
      origin: 'app://lab-console',
      data: { labStreamPort: 'otherSession0000' },
      ports: [foreign.port2 as never],
    });
    expect(win.listeners.size).toBe(1);
    win.post({ source: win.target, origin: 'app://lab-console', data: { labStreamPort: 'sessionABCDEFGH' }, ports: [mine.port2 as never] });
    expect(win.listeners.size).toBe(0);

    const fromUi: unknown[] = [];
    mine.port1.onmessage = (message) => fromUi.push(message.data);
    mine.port1.postMessage({ t: 'ready', sessionId: 'sessionABCDEFGH', window: 1024 });
    mine.port1.postMessage(new Uint8Array([104, 105]));
    mine.port1.postMessage({ t: 'exec', data: 'not in the protocol' });
    stream.send({ t: 'ack', bytes: 2 });
    await wait();
    expect(control).toEqual([{ t: 'ready', sessionId: 'sessionABCDEFGH', window: 1024 }]);
    expect(data.map((d) => [...d])).toEqual([[104, 105]]);
    expect(fromUi).toEqual([
      { t: 'input', data: 'early' },
      { t: 'ack', bytes: 2 },
    ]);
  });
});
