import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { TerminalStatusEvent } from '../../shared/ssh';
import type { StreamDown } from '../../shared/stream';
import { HostKeyChangedError, SshDisconnectedError, type SshSession } from '../connect/ssh';
import { terminalProtocol, type TerminalProtocolOptions } from '../connect/ssh/terminal-protocol';
import { silentLogger } from '../log/logger';
import type { LabRunState } from './lab-access';
import { LiveSession } from './live-session';
import type { StreamEndpoint } from './stream-endpoint';

const target = { host: '127.0.0.1', port: 2222, username: 'lab' };

/** A PTY shell stand-in: what the test pushes comes out as remote output; what the session writes is recorded. */
class FakeShell extends Duplex {
  readonly written: string[] = [];
  paused = false;
  windows: [number, number][] = [];
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.written.push(chunk.toString());
    done();
  }
  override pause(): this {
    this.paused = true;
    return super.pause();
  }
  override resume(): this {
    this.paused = false;
    return super.resume();
  }
  setWindow(rows: number, cols: number): void {
    this.windows.push([cols, rows]);
  }
}

function fakeSsh() {
  const shell = new FakeShell();
  const closers: ((error?: SshDisconnectedError) => void)[] = [];
  const session = {
    shell: async () => shell,
    onClose: (listener: (error?: SshDisconnectedError) => void) => closers.push(listener),
    close: () => undefined,
  };
  return {
    shell,
    session: session as unknown as SshSession,
    drop: () => closers.forEach((c) => c(new SshDisconnectedError(target, 'reset'))),
  };
}

function recordingEndpoint() {
  const data: Buffer[] = [];
  const control: StreamDown[] = [];
  let closed = false;
  const endpoint: StreamEndpoint = {
    sendData: (bytes) => data.push(Buffer.from(bytes)),
    sendControl: (message) => control.push(message),
    close: () => (closed = true),
  };
  return { endpoint, data, control, closed: () => closed, bytes: () => data.reduce((n, b) => n + b.length, 0) };
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** A terminal: the live-session lifecycle with the SSH protocol, over a stand-in SSH connection. */
function sessionWith(connect: TerminalProtocolOptions['connect'], labState: () => LabRunState = () => 'up', scrollbackBytes?: number) {
  const statuses: TerminalStatusEvent[] = [];
  const activity: string[] = [];
  const session = new LiveSession<'terminal'>(
    'sessionABCDEFGH',
    { courseId: 'intro-linux', connection: 'terminal', cols: 80, rows: 24 },
    {
      protocol: terminalProtocol({
        pins: {} as never,
        connect,
        channel: { highWatermark: 1000, lowWatermark: 200, burstBytes: 1_000_000 },
        scrollbackBytes,
      }),
      labs: {
        resolve: async () => ({ stackId: 'stack-1', host: '127.0.0.1', port: 2222, user: 'lab', privateKey: 'k' }),
        state: async () => labState(),
      },
      emitStatus: (event) => statuses.push(event),
      onActivity: (courseId) => activity.push(courseId),
      logger: silentLogger,
      schedule: { baseMs: 5, capMs: 10, factor: 2, maxAttempts: 2 },
      suspendedPollMs: 5,
    },
  );
  return { session, statuses, activity };
}

describe('a live terminal session', () => {
  it('keeps output that arrives before a stream attaches and sends it after "ready"', async () => {
    const ssh = fakeSsh();
    const { session, statuses } = sessionWith(async () => ssh.session);
    session.start();
    await tick();
    expect(statuses.map((s) => s.status)).toEqual(['connecting', 'connected']);
    ssh.shell.push(Buffer.from('welcome\r\n$ '));
    await tick();
    const ui = recordingEndpoint();
    session.attach(ui.endpoint);
    expect(ui.control[0]).toEqual({ t: 'ready', sessionId: 'sessionABCDEFGH', window: 1000, replay: 11 });
    expect(Buffer.concat(ui.data).toString()).toBe('welcome\r\n$ ');
  });

  it('says its status again to a view that attaches, which may have missed it (a reload between listing and listening)', async () => {
    const { session, statuses } = sessionWith(async () => {
      throw new Error('refused');
    });
    session.start();
    await tick(60);
    const settled = statuses.at(-1)!;
    expect(settled.status).toBe('failed');
    const before = statuses.length;
    session.attach(recordingEndpoint().endpoint);
    expect(statuses.slice(before)).toEqual([settled]);
  });

  it('pauses the shell once the UI holds a window of unacknowledged bytes, and resumes on its acks', async () => {
    const ssh = fakeSsh();
    const { session } = sessionWith(async () => ssh.session);
    session.start();
    await tick();
    const ui = recordingEndpoint();
    const stream = session.attach(ui.endpoint);
    ssh.shell.push(Buffer.alloc(600, 65));
    ssh.shell.push(Buffer.alloc(600, 66));
    await tick(30);
    expect(ui.bytes()).toBe(1200);
    expect(ssh.shell.paused).toBe(true);
    stream.receive(JSON.stringify({ t: 'ack', bytes: 500 }));
    expect(ssh.shell.paused).toBe(true);
    stream.receive({ t: 'ack', bytes: 600 });
    expect(ssh.shell.paused).toBe(false);
  });

  it('types input into the shell and refuses malformed control messages', async () => {
    const ssh = fakeSsh();
    const { session } = sessionWith(async () => ssh.session);
    session.start();
    await tick();
    const stream = session.attach(recordingEndpoint().endpoint);
    stream.receive('{"t":"input","data":"ls\\r"}');
    stream.receive({ t: 'input', data: 'rm -rf /\r', sudo: true });
    stream.receive('{"t":"exec"}');
    stream.receive(42);
    await tick();
    expect(ssh.shell.written).toEqual(['ls\r']);
  });

  it('hands a reloaded window the stream, ending the old one and giving back its unacknowledged window', async () => {
    const ssh = fakeSsh();
    const { session } = sessionWith(async () => ssh.session);
    session.start();
    await tick();
    const first = recordingEndpoint();
    session.attach(first.endpoint);
    ssh.shell.push(Buffer.alloc(1500, 67));
    await tick(30);
    expect(ssh.shell.paused).toBe(true);
    const second = recordingEndpoint();
    const stream = session.attach(second.endpoint);
    expect(first.control.at(-1)).toMatchObject({ t: 'end' });
    expect(first.closed()).toBe(true);
    expect(ssh.shell.paused).toBe(false);
    ssh.shell.push(Buffer.from('after'));
    await tick(30);
    stream.receive({ t: 'ack', bytes: 1000 });
    // The new window is sent the kept output first, from a clean screen, then what comes live.
    expect(second.control[0]).toMatchObject({ t: 'ready', replay: 1500 });
    expect(Buffer.concat(second.data).toString()).toBe(`${'C'.repeat(1500)}after`);
  });

  it('goes on reading the shell while no window shows it, and replays what it printed to the next window', async () => {
    const ssh = fakeSsh();
    const { session } = sessionWith(
      async () => ssh.session,
      () => 'up',
      4000,
    );
    session.start();
    await tick();
    const first = recordingEndpoint();
    session.attach(first.endpoint).detach();
    // Far more than the window (1000) while nobody shows it: the shell must not be held back.
    for (let n = 1; n <= 500; n++) ssh.shell.push(Buffer.from(`count ${n}\r\n`));
    await tick(30);
    expect(ssh.shell.paused).toBe(false);
    const back = recordingEndpoint();
    const stream = session.attach(back.endpoint);
    const replay = (back.control[0] as { replay: number }).replay;
    expect(replay).toBeGreaterThan(3900);
    expect(replay).toBeLessThanOrEqual(4000);
    // Within the window first; the rest as the window reopens.
    expect(back.bytes()).toBe(1000);
    ssh.shell.push(Buffer.from('live\r\n'));
    await tick(30);
    while (back.bytes() < replay) stream.receive({ t: 'ack', bytes: 1000 });
    await tick(30);
    const text = Buffer.concat(back.data).toString();
    // Whole lines from the bounded scrollback, the newest last, then the live output after them.
    expect(text).toMatch(/^count \d+\r\n/);
    expect(text.endsWith('count 500\r\nlive\r\n')).toBe(true);
    expect(text.length).toBe(replay + 'live\r\n'.length);
  });

  it('forgets the kept output when the learner clears the terminal', async () => {
    const ssh = fakeSsh();
    const { session } = sessionWith(async () => ssh.session);
    session.start();
    await tick();
    ssh.shell.push(Buffer.from('secret output\r\n'));
    await tick();
    session.clearScrollback();
    const ui = recordingEndpoint();
    session.attach(ui.endpoint);
    expect(ui.control[0]).toMatchObject({ replay: 0 });
    expect(ui.bytes()).toBe(0);
  });

  it("counts what the learner types as activity on the session's lab, and output not at all", async () => {
    const ssh = fakeSsh();
    const { session, activity } = sessionWith(async () => ssh.session);
    session.start();
    await tick();
    const stream = session.attach(recordingEndpoint().endpoint);
    ssh.shell.push(Buffer.from('tick\r\n'.repeat(50)));
    await tick(10);
    expect(activity).toEqual([]);
    stream.receive({ t: 'input', data: 'ls\r' });
    stream.receive({ t: 'input', data: 'pwd\r' });
    expect(activity).toEqual(['intro-linux']);
  });

  it('refuses a changed host key for good, with both fingerprints, and does not retry', async () => {
    let attempts = 0;
    const { session, statuses } = sessionWith(async () => {
      attempts++;
      throw new HostKeyChangedError(target, 'stack-1', 'SHA256:old', 'SHA256:new');
    });
    session.start();
    await tick(50);
    expect(attempts).toBe(1);
    expect(statuses.at(-1)).toMatchObject({
      status: 'failed',
      failure: 'host-key-changed',
      expectedFingerprint: 'SHA256:old',
      receivedFingerprint: 'SHA256:new',
    });
  });

  it('after a drop with the lab suspended says so and waits; it reconnects only once the lab is up again', async () => {
    let lab: LabRunState = 'up';
    const connections = [fakeSsh(), fakeSsh()];
    let made = 0;
    const { session, statuses } = sessionWith(
      async () => connections[made++]!.session,
      () => lab,
    );
    session.start();
    await tick();
    lab = 'suspended';
    connections[0]!.drop();
    await tick(40);
    expect(statuses.at(-1)?.status).toBe('lab-suspended');
    expect(made).toBe(1);
    lab = 'up';
    await tick(40);
    expect(made).toBe(2);
    expect(statuses.at(-1)?.status).toBe('connected');
  });

  it('retries a dropped connection with backoff and gives up after the schedule', async () => {
    const first = fakeSsh();
    let made = 0;
    const { session, statuses } = sessionWith(async () => {
      made++;
      if (made === 1) return first.session;
      throw new SshDisconnectedError(target, 'connection refused');
    });
    session.start();
    await tick();
    first.drop();
    await tick(100);
    expect(made).toBe(3);
    expect(statuses.map((s) => s.status)).toEqual([
      'connecting',
      'connected',
      'reconnecting',
      'reconnecting',
      'reconnecting',
      'reconnecting',
      'failed',
    ]);
    session.close();
    expect(statuses.at(-1)?.status).toBe('closed');
  });

  it('says why it retries by message key, its English sentence unchanged, the lost connection nested in', async () => {
    const first = fakeSsh();
    let made = 0;
    const { session, statuses } = sessionWith(async () => {
      made++;
      if (made === 1) return first.session;
      throw new SshDisconnectedError(target, 'connection refused');
    });
    session.start();
    await tick();
    first.drop();
    await tick(100);
    const retry = statuses.filter((s) => s.status === 'reconnecting' && s.message).at(-1);
    expect(retry).toMatchObject({
      message:
        'The SSH connection to 127.0.0.1:2222 was lost (connection refused). The lab may have been suspended or the network dropped: reconnect, or resume the lab first. Trying again in 1 s (attempt 2).',
      messageKey: 'session.retrying',
      messageParams: {
        reason: { key: 'ssh.disconnected', params: { host: '127.0.0.1', port: 2222, detail: 'connection refused' } },
        seconds: 1,
        attempt: 2,
      },
    });
    expect(statuses.at(-1)).toMatchObject({ status: 'failed', messageKey: 'ssh.disconnected' });
    session.close();
  });

  it('sends a changed host key by message key, both fingerprints verbatim as parameters', async () => {
    const { session, statuses } = sessionWith(async () => {
      throw new HostKeyChangedError(target, 'stack-1', 'SHA256:old', 'SHA256:new');
    });
    session.start();
    await tick(50);
    expect(statuses.at(-1)).toMatchObject({
      messageKey: 'ssh.hostKeyChanged',
      messageParams: { expected: 'SHA256:old', received: 'SHA256:new', stackId: 'stack-1' },
    });
    expect(statuses.at(-1)?.message).toMatch(
      /^WARNING: the host key of 127\.0\.0\.1:2222 has changed since it was first seen for this lab \(stack stack-1\)\. Expected SHA256:old, received SHA256:new\. /,
    );
  });
});
