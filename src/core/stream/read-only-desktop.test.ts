import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { RdpInputEvent } from '../../shared/rdp/rdp-events';
import { desktopProtocol, type RdpConnector } from '../connect/rdp/desktop-protocol';
import type { HostKeyPins } from '../connect/ssh/host-key-pins';
import { silentLogger } from '../log/logger';
import { LiveSessions } from './live-sessions';
import type { StreamEndpoint } from './stream-endpoint';

const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));

/** An RDP session stand-in that is ready at once and records the input it is given. */
function recordingConnector(inputs: RdpInputEvent[][]): RdpConnector {
  return () => {
    const events = new EventEmitter();
    const received: RdpInputEvent[] = [];
    inputs.push(received);
    return {
      on: (name: string, listener: (...args: unknown[]) => void) => events.on(name, listener),
      ready: async () => undefined,
      close: async () => undefined,
      input: (event: RdpInputEvent) => void received.push(event),
      state: 'ready',
      error: undefined,
    } as unknown as ReturnType<RdpConnector>;
  };
}

describe('a desktop the course shows read-only', () => {
  it('drops keys and clicks on the read-only connection and passes them on the other', async () => {
    const inputs: RdpInputEvent[][] = [];
    const desktops = new LiveSessions({
      protocols: { desktop: desktopProtocol({ pins: {} as HostKeyPins, connect: recordingConnector(inputs) }) },
      labs: {
        resolve: async () => ({
          stackId: 's',
          protocol: 'rdp',
          host: '127.0.0.1',
          port: 3389,
          user: 'lab',
          password: 'pw',
          rdpCertSha256: 'ab',
        }),
        state: async () => 'up',
      },
      emitStatus: () => undefined,
      logger: silentLogger,
      readOnly: (_courseId, connection) => connection === 'watch',
    });
    const endpoint: StreamEndpoint = { sendData: () => undefined, sendControl: () => undefined, close: () => undefined };
    const watched = desktops.open({ kind: 'desktop', courseId: 'demo-lab', connection: 'watch', width: 800, height: 600 });
    const normal = desktops.open({ kind: 'desktop', courseId: 'demo-lab', connection: 'desktop', width: 800, height: 600 });
    await tick();
    const click = { t: 'desktop-input', events: [{ type: 'mouse-button', x: 10, y: 10, button: 'left', pressed: true }] };
    desktops.attach(watched.sessionId, endpoint)!.receive(click);
    desktops.attach(normal.sessionId, endpoint)!.receive(click);
    await tick();
    expect(inputs[0]).toEqual([]);
    expect(inputs[1]).toHaveLength(1);
    desktops.closeAll();
  });
});
