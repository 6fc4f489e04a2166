/**
 * The typed RDP session against a real xrdp (the sandbox's, or one named by RDP_TEST_* — see
 * rdp-target.ts): it logs in and paints a desktop, types into the remote xterm, tells a wrong
 * password, a refused port and a non-TLS server apart, and closes cleanly.
 */
import { existsSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DecodedRect } from '../../src/shared/rdp/bitmap-decoder';
import { ConnectionRefused, LoginFailed, TlsFailure } from '../../src/core/connect/rdp/rdp-errors';
import { RdpSession, type RdpConnectOptions } from '../../src/core/connect/rdp/rdp-session';
import { paint } from '../data/rdp/capture-format';
import { describeWithXrdp, type RdpTarget } from './rdp-target';

// PC/AT set-1 scancodes of a US layout, enough for a shell command.
const SCANCODES: Record<string, number> = {
  ...Object.fromEntries([...'qwertyuiop'].map((c, i) => [c, 0x10 + i])),
  ...Object.fromEntries([...'asdfghjkl'].map((c, i) => [c, 0x1e + i])),
  ...Object.fromEntries([...'zxcvbnm'].map((c, i) => [c, 0x2c + i])),
  ...Object.fromEntries([...'1234567890'].map((c, i) => [c, 0x02 + i])),
  '-': 0x0c,
  '.': 0x34,
  ' ': 0x39,
  '\n': 0x1c,
};

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

describeWithXrdp('RDP session', (target) => {
  let xrdp: RdpTarget;
  const sessions: RdpSession[] = [];
  const markers: string[] = [];
  const servers: Server[] = [];

  beforeAll(() => {
    xrdp = target();
  });

  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    for (const server of servers) server.close();
    for (const marker of markers) rmSync(marker, { force: true });
  });

  function connect(overrides: Partial<RdpConnectOptions> = {}): RdpSession {
    const session = RdpSession.connect({
      host: xrdp.host,
      port: xrdp.port,
      user: xrdp.user,
      password: xrdp.password,
      width: 800,
      height: 600,
      bpp: 24,
      pin: { expectedSha256: xrdp.certSha256, onFirstUse: async () => undefined },
      ...overrides,
    });
    sessions.push(session);
    return session;
  }

  async function failureOf(session: RdpSession): Promise<unknown> {
    return session.ready().then(
      () => expect.fail('the session became ready'),
      (error: unknown) => error,
    );
  }

  /** A loopback server that does whatever `onConnection` does with each client. */
  async function fakeServer(onConnection: (socket: Socket) => void): Promise<number> {
    const server = createServer(onConnection);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  for (const bpp of [16, 24] as const) {
    it(`logs in at ${bpp} bpp and paints the whole desktop`, async () => {
      const screen = { width: 800, height: 600, rgba: new Uint8ClampedArray(800 * 600 * 4) };
      const session = connect({ bpp });
      const rects: DecodedRect[] = [];
      session.on('bitmap', (rect) => {
        rects.push(rect);
        paint(screen, rect);
      });
      await session.ready();
      expect(session.state).toBe('ready');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const words = new Uint32Array(screen.rgba.buffer);
      const painted = words.filter((w) => w >>> 24 === 0xff).length;
      expect(painted / words.length).toBeGreaterThan(0.9);
      expect(new Set(words).size).toBeGreaterThan(1);
      expect(rects.every((r) => r.rgba.length === r.width * r.height * 4)).toBe(true);
      await session.close();
    });
  }

  it('types into the remote xterm by scancode and by unicode', async () => {
    const session = connect();
    await session.ready();
    session.mouseMove(100, 100); // no window manager: focus follows the pointer
    const byScancode = `rdp-scancode-${process.pid}-${Date.now()}`;
    const byUnicode = `rdp-unicode-${process.pid}-${Date.now()}`;
    markers.push(join(xrdp.home, byScancode), join(xrdp.home, byUnicode));
    for (const c of `touch ${byScancode}\n`) {
      session.key(SCANCODES[c]!, true);
      session.key(SCANCODES[c]!, false);
    }
    for (const c of `touch ${byUnicode}`) {
      session.unicode(c.codePointAt(0)!, true);
      session.unicode(c.codePointAt(0)!, false);
    }
    session.key(SCANCODES['\n']!, true);
    session.key(SCANCODES['\n']!, false);
    expect(await waitFor(() => existsSync(join(xrdp.home, byScancode)), 10_000)).toBe(true);
    expect(await waitFor(() => existsSync(join(xrdp.home, byUnicode)), 5_000)).toBe(true);
    await session.close();
  });

  it('reports a wrong password as a failed login, from xrdp’s own log window', async () => {
    const session = connect({ password: `${xrdp.password}-wrong` });
    const started = Date.now();
    const error = await failureOf(session);
    expect(error).toBeInstanceOf(LoginFailed);
    expect(error).toMatchObject({ evidence: 'xrdp-login-window', user: xrdp.user });
    expect((error as Error).message).toMatch(/password is wrong/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(session.state).toBe('closed');
  });

  it('reports a port where nothing listens as refused', async () => {
    const port = await fakeServer(() => undefined);
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const error = await failureOf(connect({ port }));
    expect(error).toBeInstanceOf(ConnectionRefused);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
  });

  it('reports a server that agrees to TLS and then speaks something else as a TLS failure', async () => {
    // X.224 Connection Confirm selecting PROTOCOL_SSL (MS-RDPBCGR 2.2.1.2), then no TLS at all.
    const confirm = Buffer.from('030000130ed000001234000200080001000000', 'hex');
    const port = await fakeServer((socket) => {
      socket.once('data', () => {
        socket.write(confirm);
        setTimeout(() => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'), 50);
      });
    });
    const error = await failureOf(connect({ port }));
    expect(error).toBeInstanceOf(TlsFailure);
  });

  it('gives up on a server that accepts the connection and never answers', async () => {
    const port = await fakeServer(() => undefined);
    const error = await failureOf(connect({ port, connectTimeoutMs: 1_000 }));
    expect(error).toBeInstanceOf(TlsFailure);
    expect((error as Error).message).toMatch(/no TLS handshake in time/);
  });

  it('closes cleanly: close() resolves promptly and "close" fires once', async () => {
    const session = connect();
    await session.ready();
    let closes = 0;
    session.on('close', () => closes++);
    const started = Date.now();
    await session.close();
    expect(Date.now() - started).toBeLessThan(1_500);
    await session.close();
    expect(closes).toBe(1);
    expect(session.state).toBe('closed');
  });
});
