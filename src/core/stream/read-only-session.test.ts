import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SshSession } from '../connect/ssh';
import { terminalProtocol } from '../connect/ssh/terminal-protocol';
import { silentLogger } from '../log/logger';
import { LiveSessions } from './live-sessions';
import type { StreamEndpoint } from './stream-endpoint';

/** A PTY shell stand-in that records what reaches it. */
class RecordingShell extends Duplex {
  readonly written: string[] = [];
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.written.push(chunk.toString());
    done();
  }
  setWindow(): void {}
}

const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));

function sessions(readOnly?: (courseId: string, connection: string) => boolean) {
  const shells: RecordingShell[] = [];
  const terminals = new LiveSessions({
    protocols: {
      terminal: terminalProtocol({
        pins: {} as never,
        connect: async () => {
          const shell = new RecordingShell();
          shells.push(shell);
          return { shell: async () => shell, onClose: () => undefined, close: () => undefined } as unknown as SshSession;
        },
        channel: { highWatermark: 100, lowWatermark: 10, burstBytes: 1_000_000 },
      }),
    },
    labs: { resolve: async () => ({ stackId: 's', host: '127.0.0.1', port: 22, user: 'lab', privateKey: 'k' }), state: async () => 'up' },
    emitStatus: () => undefined,
    logger: silentLogger,
    readOnly,
  });
  const endpoint = (received: Buffer[]): StreamEndpoint => ({
    sendData: (b) => received.push(Buffer.from(b)),
    sendControl: () => undefined,
    close: () => undefined,
  });
  return { terminals, shells, endpoint };
}

describe('a read-only terminal session', () => {
  it('drops typed input from any stream format but still shows output and takes acknowledgements', async () => {
    const { terminals, shells, endpoint } = sessions();
    const request = { kind: 'terminal', courseId: 'intro-linux', connection: 'terminal', cols: 80, rows: 24 } as const;
    const watched = terminals.open(request, { readOnly: true });
    const normal = terminals.open(request);
    await tick();
    const received: Buffer[] = [];
    const viewer = terminals.attach(watched.sessionId, endpoint(received))!;
    const typist = terminals.attach(normal.sessionId, endpoint([]))!;
    for (const stream of [viewer, typist]) {
      stream.receive({ t: 'input', data: 'rm -rf ~\r' });
      stream.receive('{"t":"input","data":"reboot\\r"}');
    }
    await tick();
    expect(shells[0]!.written).toEqual([]);
    expect(shells[1]!.written).toEqual(['rm -rf ~\r', 'reboot\r']);

    shells[0]!.push(Buffer.alloc(150, 65));
    await tick();
    expect(Buffer.concat(received).length).toBe(150);
    expect(shells[0]!.isPaused()).toBe(true);
    viewer.receive({ t: 'ack', bytes: 150 });
    expect(shells[0]!.isPaused()).toBe(false);
    terminals.closeAll();
  });
});

describe('a connection the course shows read-only (course.yaml read_only, hastexo read_only)', () => {
  it('drops what the learner types in their own terminal of that connection, not of the others', async () => {
    const { terminals, shells, endpoint } = sessions((courseId, connection) => courseId === 'demo-lab' && connection === 'watch');
    const watched = terminals.open({ kind: 'terminal', courseId: 'demo-lab', connection: 'watch', cols: 80, rows: 24 });
    const other = terminals.open({ kind: 'terminal', courseId: 'demo-lab', connection: 'terminal', cols: 80, rows: 24 });
    await tick();
    terminals.attach(watched.sessionId, endpoint([]))!.receive({ t: 'input', data: 'touch ~/x\r' });
    terminals.attach(other.sessionId, endpoint([]))!.receive({ t: 'input', data: 'ls\r' });
    await tick();
    expect(shells[0]!.written).toEqual([]);
    expect(shells[1]!.written).toEqual(['ls\r']);
    terminals.closeAll();
  });
});
