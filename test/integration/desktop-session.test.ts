/**
 * The Desktop tab's app side against a real xrdp (the sandbox's, or RDP_TEST_* — see rdp-target.ts):
 * live sessions of the desktop kind open an RDP session, pins the certificate on first use, streams batched frames
 * to an attached stream, takes input from it (the remote xterm runs what is typed), holds frames
 * back while the stream does not acknowledge, and reconnects at a new size after a resize.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DesktopStatusEvent } from '../../src/shared/rdp/desktop-session';
import { decodeFrame, type DecodedFrame } from '../../src/shared/rdp/desktop-frame';
import { DesktopFramebuffer } from '../../src/shared/rdp/desktop-framebuffer';
import type { RdpInputEvent } from '../../src/shared/rdp/rdp-events';
import type { StreamDown } from '../../src/shared/stream';
import { HostKeyPins } from '../../src/core/connect/ssh';
import { desktopProtocol } from '../../src/core/connect/rdp/desktop-protocol';
import { RDP_CERTIFICATE_KEY_TYPE } from '../../src/core/connect/rdp/lab-certificate-pin';
import { LiveSessions } from '../../src/core/stream/live-sessions';
import { silentLogger } from '../../src/core/log/logger';
import { openDatabase, type Db } from '../../src/core/store/database';
import { systemClock } from '../../src/core/time/clock';
import { describeWithXrdp, type RdpTarget } from './rdp-target';

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

/** A stream as the UI holds it: decodes every message, paints a screen, acknowledges when told to. */
class TestStream {
  readonly frames: DecodedFrame[] = [];
  /** The size of each message in `frames`, in the same order. */
  readonly frameBytes: number[] = [];
  readonly control: StreamDown[] = [];
  bytes = 0;
  screen = { width: 0, height: 0, rgba: new Uint32Array(0) };
  autoAck = true;
  private unacked = 0;
  receive: (raw: unknown) => void = () => undefined;

  readonly endpoint = {
    sendData: (data: Uint8Array) => {
      const frame = decodeFrame(data);
      this.frames.push(frame);
      this.frameBytes.push(data.byteLength);
      this.bytes += data.byteLength;
      this.paint(frame);
      if (this.autoAck) this.receive({ t: 'ack', bytes: data.byteLength });
      else this.unacked += data.byteLength;
    },
    sendControl: (message: StreamDown) => this.control.push(message),
    close: () => undefined,
  };

  ackAll(): void {
    if (this.unacked > 0) this.receive({ t: 'ack', bytes: this.unacked });
    this.unacked = 0;
  }

  input(...events: RdpInputEvent[]): void {
    this.receive({ t: 'desktop-input', events });
  }

  /** The page's framebuffer: forwarded server bitmaps decoded there, RGBA copied in. */
  private readonly page = new DesktopFramebuffer();

  private paint(frame: DecodedFrame): void {
    this.page.apply(frame);
    const { pixels, desktopWidth, desktopHeight } = this.page;
    this.screen = {
      width: desktopWidth,
      height: desktopHeight,
      rgba: new Uint32Array(pixels.buffer as ArrayBuffer, pixels.byteOffset, desktopWidth * desktopHeight),
    };
  }

  /** Share of pixels unlike the most common one (the background), and how many colours there are. */
  stats(): { foreground: number; colours: number } {
    const counts = new Map<number, number>();
    for (const w of this.screen.rgba) counts.set(w, (counts.get(w) ?? 0) + 1);
    const background = Math.max(...counts.values());
    return { foreground: 1 - background / this.screen.rgba.length, colours: counts.size };
  }
}

const typed = (text: string): RdpInputEvent[] =>
  [...text].flatMap((c) => [
    { type: 'unicode' as const, codePoint: c.codePointAt(0)!, pressed: true },
    { type: 'unicode' as const, codePoint: c.codePointAt(0)!, pressed: false },
  ]);
const ENTER: RdpInputEvent[] = [
  { type: 'key', scancode: 0x1c, extended: false, pressed: true },
  { type: 'key', scancode: 0x1c, extended: false, pressed: false },
];

describeWithXrdp('remote desktop sessions', (target) => {
  let xrdp: RdpTarget;
  let db: Db;
  let desktops: LiveSessions;
  const statuses: DesktopStatusEvent[] = [];
  const markers: string[] = [];
  const activity: string[] = [];
  const stackId = `it-desktop-${process.pid}`;

  const statusOf = (sessionId: string) => statuses.filter((s) => s.sessionId === sessionId).at(-1)?.status;

  beforeAll(() => {
    xrdp = target();
    db = openDatabase({ path: ':memory:' });
    desktops = new LiveSessions({
      protocols: {
        desktop: desktopProtocol({ pins: new HostKeyPins(db, systemClock), resizeSettleMs: 200, frames: { windowBytes: 64 * 1024 } }),
      },
      labs: {
        resolve: async () => ({ stackId, protocol: 'rdp', host: xrdp.host, port: xrdp.port, user: xrdp.user, password: xrdp.password }),
        state: async () => 'up',
      },
      emitStatus: (event) => event.kind === 'desktop' && statuses.push(event),
      onActivity: (courseId) => activity.push(courseId),
      logger: silentLogger,
    });
  });

  afterAll(() => {
    desktops?.closeAll();
    db?.close();
    for (const marker of markers) rmSync(marker, { force: true });
  });

  function open(width = 800, height = 600): { sessionId: string; stream: TestStream } {
    const { sessionId } = desktops.open({ kind: 'desktop', courseId: 'intro-linux', connection: 'desktop', width, height });
    const stream = new TestStream();
    const attached = desktops.attach(sessionId, stream.endpoint);
    if (!attached) throw new Error('could not attach');
    stream.receive = attached.receive;
    return { sessionId, stream };
  }

  it('connects, pins the certificate on first use and streams a drawn desktop in batched frames', async () => {
    // At 1024×768 the root window, not the xterm, is the most common colour (as xfreerdp sees it in sandbox-lab-hosts).
    const { sessionId, stream } = open(1024, 768);
    expect(await waitFor(() => statusOf(sessionId) === 'connected', 30_000)).toBe(true);
    expect(stream.control[0]).toMatchObject({ t: 'ready', sessionId });
    await waitFor(() => stream.stats().foreground >= 0.2 && stream.stats().colours > 16, 10_000);
    const { foreground, colours } = stream.stats();
    expect(foreground).toBeGreaterThanOrEqual(0.2);
    expect(colours).toBeGreaterThan(16);
    expect(stream.screen.width).toBe(1024);
    // Batching: far fewer messages than rectangles.
    const rects = stream.frames.reduce((n, f) => n + f.rects.length + f.compressed.length, 0);
    expect(stream.frames.length).toBeLessThan(rects);
    // While the stream keeps up, xrdp's compressed bitmaps go to it as they came.
    expect(stream.frames.reduce((n, f) => n + f.compressed.length, 0)).toBeGreaterThan(0);
    const pin = new HostKeyPins(db, systemClock).get({ stackId, connection: 'desktop', host: xrdp.host, port: xrdp.port });
    expect(pin).toMatchObject({ keyType: RDP_CERTIFICATE_KEY_TYPE, fingerprint: xrdp.certSha256 });
    desktops.close(sessionId);
  });

  it('types what the stream sends into the remote xterm, and counts it as activity', async () => {
    const { sessionId, stream } = open();
    expect(await waitFor(() => statusOf(sessionId) === 'connected', 30_000)).toBe(true);
    const marker = `lc-desktop-it-${process.pid}-${Date.now()}`;
    markers.push(join(xrdp.home, marker));
    // No window manager on the sandbox desktop: focus follows the pointer, so point at the xterm first.
    stream.input({ type: 'mouse-move', x: 100, y: 100 });
    stream.input(...typed(`touch ${marker}`), ...ENTER);
    expect(await waitFor(() => existsSync(join(xrdp.home, marker)), 10_000)).toBe(true);
    expect(activity).toContain('intro-linux');
    desktops.close(sessionId);
  });

  it('holds frames back while the stream does not acknowledge, then catches up with one message', async () => {
    const { sessionId, stream } = open();
    expect(await waitFor(() => statusOf(sessionId) === 'connected', 30_000)).toBe(true);
    stream.input({ type: 'mouse-move', x: 100, y: 100 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    stream.ackAll();
    stream.autoAck = false;
    const before = stream.frames.length;
    // A scrolling terminal: hundreds of server bitmaps per second.
    stream.input(...typed('seq 1 20000'), ...ENTER);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // The window counts bytes: a message may only start while less than 64 KiB is unacknowledged, so
    // everything but the last message sent since is under the window, and the rest waits.
    const sentSince = stream.frameBytes.slice(before);
    expect(sentSince.slice(0, -1).reduce((sum, n) => sum + n, 0)).toBeLessThan(64 * 1024);
    const held = stream.frames.length;
    stream.autoAck = true;
    stream.ackAll();
    expect(await waitFor(() => stream.frames.length > held, 5_000)).toBe(true);
    desktops.close(sessionId);
  });

  it('reconnects at the new size after a resize settles', async () => {
    const { sessionId, stream } = open(800, 600);
    expect(await waitFor(() => statusOf(sessionId) === 'connected', 30_000)).toBe(true);
    const session = desktops.get(sessionId, 'desktop');
    session.resize({ width: 1000, height: 650 });
    session.resize({ width: 1026, height: 700 }); // only the last size counts
    expect(await waitFor(() => statuses.filter((s) => s.sessionId === sessionId).at(-1)?.width === 1024, 30_000)).toBe(true);
    expect(statuses.filter((s) => s.sessionId === sessionId).map((s) => s.status)).toContain('reconnecting');
    expect(await waitFor(() => stream.screen.width === 1024 && stream.screen.height === 700, 10_000)).toBe(true);
    desktops.close(sessionId);
  });
});
