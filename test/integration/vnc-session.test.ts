/**
 * VNC tabs on the app side against a real TigerVNC Xvnc (and against servers that misbehave):
 * the app does the server's security handshake itself — VeNCrypt X509 with the certificate pinned,
 * or the VNC password — and hands the stream a connection whose client needs no password; the
 * test's RFB client (in noVNC's place) sees the desktop, types into its xterm, and its keys count
 * as activity while its update requests do not. A wrong password, a server that closes at once and
 * a port that speaks something else each end with a clear message, without a storm of retries.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamDown } from '../../src/shared/stream';
import type { VncStatusEvent } from '../../src/shared/vnc/vnc-session';
import { HostKeyPins } from '../../src/core/connect/ssh';
import { RDP_CERTIFICATE_KEY_TYPE } from '../../src/core/connect/rdp/lab-certificate-pin';
import { vncProtocol } from '../../src/core/connect/vnc/vnc-protocol';
import type { LabConnectionTarget } from '../../src/core/connect/connection-target';
import { LiveSessions } from '../../src/core/stream/live-sessions';
import { silentLogger } from '../../src/core/log/logger';
import { openDatabase, type Db } from '../../src/core/store/database';
import { systemClock } from '../../src/core/time/clock';
import { RfbTestClient } from '../support/rfb-test-client';
import { startTestXvnc, xvncMissing, type TestXvnc } from '../support/test-xvnc';

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

/** A TCP server that does what a broken or foreign service does, counting the connections it took. */
async function fakeServer(onConnection: (socket: Socket) => void): Promise<{ port: number; connections: () => number; close(): void }> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => count,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

// .ci/run installs TigerVNC: on CI a missing Xvnc is a failure, never a silent skip.
const skip = process.env.CI === 'true' ? undefined : xvncMissing();

describe.skipIf(skip)(`VNC sessions against TigerVNC${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let xvnc: TestXvnc;
  let db: Db;
  let pins: HostKeyPins;
  let target: LabConnectionTarget;
  /** Connections that lead elsewhere than the test's Xvnc (a wrong password, a foreign service…), by name. */
  const elsewhere = new Map<string, LabConnectionTarget>();
  let sessions: LiveSessions;
  const statuses: VncStatusEvent[] = [];
  const activity: string[] = [];
  let readOnly = false;

  const statusOf = (sessionId: string) => statuses.filter((s) => s.sessionId === sessionId).at(-1);

  beforeAll(async () => {
    xvnc = await startTestXvnc();
    db = openDatabase({ path: ':memory:' });
    pins = new HostKeyPins(db, systemClock);
    target = { stackId: `it-vnc-${process.pid}`, protocol: 'vnc', host: '127.0.0.1', port: xvnc.port, user: '', password: xvnc.password };
    sessions = new LiveSessions({
      protocols: { vnc: vncProtocol({ pins, windowBytes: 256 * 1024, handshakeTimeoutMs: 3000 }) },
      labs: { resolve: async (_course, connection) => elsewhere.get(connection) ?? target, state: async () => 'up' },
      emitStatus: (event) => event.kind === 'vnc' && statuses.push(event),
      onActivity: (courseId) => activity.push(courseId),
      activityThrottleMs: 0,
      readOnly: () => readOnly,
      logger: silentLogger,
    });
  }, 60_000);

  afterAll(async () => {
    sessions?.closeAll();
    db?.close();
    await xvnc?.stop();
  });

  /** Opens a session and attaches a stream that feeds an RFB client, acknowledging as it reads. */
  function open(connection = 'desktop') {
    const { sessionId } = sessions.open({ kind: 'vnc', courseId: 'intro-linux', connection });
    const control: StreamDown[] = [];
    let bytes = 0;
    let autoAck = true;
    let unacked = 0;
    let receive: (raw: unknown) => void = () => undefined;
    const client = { current: new RfbTestClient((data) => receive({ t: 'vnc-data', data: data.toString('base64') })) };
    const attached = sessions.attach(sessionId, {
      sendData: (data) => {
        bytes += data.byteLength;
        client.current.receive(data);
        if (autoAck) receive({ t: 'ack', bytes: data.byteLength });
        else unacked += data.byteLength;
      },
      sendControl: (message) => {
        control.push(message);
        // A new conversation: a new client, as the UI makes one.
        if (message.t === 'ready') client.current = new RfbTestClient((data) => receive({ t: 'vnc-data', data: data.toString('base64') }));
      },
      close: () => undefined,
    })!;
    receive = attached.receive;
    return {
      sessionId,
      client,
      control,
      attached,
      bytes: () => bytes,
      holdAcks: () => (autoAck = false),
      ackAll: () => {
        autoAck = true;
        if (unacked > 0) receive({ t: 'ack', bytes: unacked });
        unacked = 0;
      },
    };
  }

  it('shows the desktop over VeNCrypt TLS, pinning the certificate on first use, to a client that was offered no password at all', async () => {
    const s = open();
    expect(await waitFor(() => statusOf(s.sessionId)?.status === 'connected', 15_000)).toBe(true);
    expect(statusOf(s.sessionId)).toMatchObject({ width: 1024, height: 768, encrypted: true });
    expect(pins.get({ stackId: target.stackId, connection: 'desktop', host: '127.0.0.1', port: xvnc.port })).toMatchObject({
      keyType: RDP_CERTIFICATE_KEY_TYPE,
      fingerprint: xvnc.certSha256,
    });
    expect(await waitFor(() => s.client.current.ready && s.client.current.updates > 0, 10_000)).toBe(true);
    // The client was offered "None" only: the password stayed in the app.
    expect(s.client.current.offeredTypes).toEqual([1]);
    expect(await waitFor(() => s.client.current.stats().foreground > 0.05, 10_000)).toBe(true);
    sessions.close(s.sessionId);
  });

  it('types into the xterm on the desktop; keys count as activity, the picture’s own traffic does not', async () => {
    const s = open();
    expect(await waitFor(() => s.client.current.ready && s.client.current.updates > 0, 15_000)).toBe(true);
    activity.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Update requests went up the whole time (one per update): none of them is the learner.
    expect(activity).toEqual([]);
    const marker = `vnc-marker-${Date.now()}`;
    s.client.current.pointer(100, 100);
    s.client.current.type(`touch ${marker}\n`);
    expect(await waitFor(() => existsSync(join(xvnc.dir, marker)), 10_000)).toBe(true);
    expect(activity.length).toBeGreaterThan(0);
    sessions.close(s.sessionId);
  });

  it('gives a stream that attaches again a conversation of its own, and drops a read-only viewer’s keys', async () => {
    readOnly = true;
    try {
      const first = open('watch');
      expect(await waitFor(() => first.client.current.ready && first.client.current.updates > 0, 15_000)).toBe(true);
      // A reloaded window: a second stream takes over the session and starts from the greeting.
      let up: (raw: unknown) => void = () => undefined;
      const client = new RfbTestClient((data) => up({ t: 'vnc-data', data: data.toString('base64') }));
      const second = sessions.attach(first.sessionId, {
        sendData: (data) => {
          client.receive(data);
          up({ t: 'ack', bytes: data.byteLength });
        },
        sendControl: () => undefined,
        close: () => undefined,
      })!;
      up = second.receive;
      expect(await waitFor(() => client.ready && client.updates > 0, 15_000)).toBe(true);
      const marker = `vnc-readonly-${Date.now()}`;
      activity.length = 0;
      client.pointer(100, 100);
      client.type(`touch ${marker}\n`);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(existsSync(join(xvnc.dir, marker))).toBe(false);
      expect(activity).toEqual([]);
    } finally {
      readOnly = false;
    }
  });

  it('holds the server back while the stream does not acknowledge, and goes on when it does', async () => {
    const s = open();
    expect(await waitFor(() => s.client.current.ready && s.client.current.updates > 0, 15_000)).toBe(true);
    s.holdAcks();
    const held = s.bytes();
    // Scroll the xterm: a stream of updates the window must cap.
    s.client.current.pointer(100, 100);
    s.client.current.type('seq 1 200000\n');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const sent = s.bytes() - held;
    expect(sent).toBeLessThanOrEqual(256 * 1024 + 128 * 1024);
    s.ackAll();
    expect(await waitFor(() => s.bytes() - held > sent, 10_000)).toBe(true);
    sessions.close(s.sessionId);
  });

  it('fails at once, without retrying, when the VNC password is wrong', async () => {
    elsewhere.set('wrong', { ...target, password: 'not-it!!' });
    const s = open('wrong');
    try {
      expect(await waitFor(() => statusOf(s.sessionId)?.status === 'failed', 15_000)).toBe(true);
      expect(statusOf(s.sessionId)).toMatchObject({ failure: 'auth-failed' });
      expect(statusOf(s.sessionId)?.message).toMatch(/refused the password/);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // The stream attaching hears the current status again; a retry would add reconnecting/connecting after the failure.
      const seen = statuses.filter((e) => e.sessionId === s.sessionId).map((e) => e.status);
      expect(seen.filter((status, i) => status !== seen[i - 1])).toEqual(['connecting', 'failed']);
    } finally {
      sessions.close(s.sessionId);
    }
  });

  it('refuses a certificate other than the pinned one before the password goes out', async () => {
    pins.pinIfAbsent(
      { stackId: 'other-stack', connection: 'pinned', host: '127.0.0.1', port: xvnc.port },
      RDP_CERTIFICATE_KEY_TYPE,
      'ab'.repeat(32),
    );
    elsewhere.set('pinned', { ...target, stackId: 'other-stack' });
    const s = open('pinned');
    try {
      expect(await waitFor(() => statusOf(s.sessionId)?.status === 'failed', 15_000)).toBe(true);
      expect(statusOf(s.sessionId)).toMatchObject({
        failure: 'certificate-changed',
        expectedSha256: 'ab'.repeat(32),
        actualSha256: xvnc.certSha256,
      });
    } finally {
      sessions.close(s.sessionId);
    }
  });

  it('says plainly that a port speaking something else is not a VNC server, and does not try again', async () => {
    const ssh = await fakeServer((socket) => socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'));
    elsewhere.set('ssh-port', { ...target, port: ssh.port });
    const s = open('ssh-port');
    try {
      expect(await waitFor(() => statusOf(s.sessionId)?.status === 'failed', 10_000)).toBe(true);
      expect(statusOf(s.sessionId)).toMatchObject({ failure: 'not-vnc' });
      expect(statusOf(s.sessionId)?.message).toContain('is not a VNC server: it answered "SSH-2.0-OpenSSH_9.2p1 Debian-2..');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(ssh.connections()).toBe(1);
    } finally {
      sessions.close(s.sessionId);
      ssh.close();
    }
  });

  it('says a server closed at once, and tries again only on the backoff schedule', async () => {
    const closing = await fakeServer((socket) => socket.destroy());
    elsewhere.set('closing', { ...target, port: closing.port });
    const s = open('closing');
    try {
      expect(await waitFor(() => statusOf(s.sessionId)?.status === 'reconnecting', 10_000)).toBe(true);
      expect(statusOf(s.sessionId)?.message).toMatch(/closed the connection during its handshake before it said anything/);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      // 0.5 s, then 1 s, then 2 s (with jitter): a handful in 3 s, not a storm.
      expect(closing.connections()).toBeGreaterThanOrEqual(2);
      expect(closing.connections()).toBeLessThanOrEqual(4);
    } finally {
      sessions.close(s.sessionId);
      closing.close();
    }
  });
});
