import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeFrame } from '../src/shared/rdp/desktop-frame';
import { RdpSession } from '../src/core/connect/rdp/rdp-session';
import { FrameBatcher } from '../src/core/connect/rdp/frame-batcher';
import { readSandboxState } from '../test/sandbox/state';
import { missingDesktopTools } from '../test/sandbox/desktop-probe';
import type { Bench, BenchContext, BenchResult } from './bench';
import { cpuSeconds, labXtermTtys, scroll, startXfreerdp } from './rdp-scene';

/**
 * CPU for a scrolling remote terminal: our desktop pipeline beside xfreerdp (+ its Xvfb), the
 * same scene, same run. Ours is what the app's main process does for a Desktop tab — RdpSession
 * (TLS, our RLE decoder), FrameBatcher (framebuffer, 16 ms messages) — plus the renderer's share
 * that runs in JavaScript (parsing each message and copying its pixels, as putImageData does);
 * Chromium's canvas compositing is not in the figure. Same size (1024×768) and depth (24 bpp);
 * xfreerdp with RemoteFX and GFX off, so both get the same bitmap updates from xrdp.
 */
const WIDTH = 1024;
const HEIGHT = 768;
const LINES_PER_SECOND = 2000;

async function settle(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The terminal device of the xterm this desktop shows: typed into it (`tty > file`), so the scene
 * scrolls only this session's xterm (other sessions of the lab account are left alone). xfreerdp
 * at the same size and depth gets the same X session from xrdp.
 */
async function sessionTty(session: RdpSession, uid: number): Promise<string[]> {
  const file = join(tmpdir(), `lc-rdp-bench-tty-${randomBytes(6).toString('hex')}`);
  session.mouseMove(100, 100); // no window manager: focus follows the pointer
  for (const char of `tty > ${file}`) {
    session.unicode(char.codePointAt(0)!, true);
    session.unicode(char.codePointAt(0)!, false);
  }
  session.key(0x1c, true);
  session.key(0x1c, false);
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      await settle(100);
      const tty = readFileSync(file, 'utf8').trim();
      rmSync(file, { force: true });
      if (tty.startsWith('/dev/pts/')) return [tty];
    }
    await settle(100);
  }
  return labXtermTtys(uid);
}

async function measureOurs(login: { port: number; user: string; password: string; certSha256: string }, seconds: number, uid: number) {
  const session = RdpSession.connect({
    host: '127.0.0.1',
    port: login.port,
    user: login.user,
    password: login.password,
    width: WIDTH,
    height: HEIGHT,
    bpp: 24,
    pin: { expectedSha256: login.certSha256, onFirstUse: async () => undefined },
  });
  const screen = new Uint8ClampedArray(WIDTH * HEIGHT * 4);
  let messages = 0;
  let bytes = 0;
  const frames: FrameBatcher = new FrameBatcher(WIDTH, HEIGHT, {
    send: (frame) => {
      // The renderer's JavaScript share: parse, copy the pixels, acknowledge on the next frame.
      for (const r of decodeFrame(frame).rects) {
        for (let row = 0; row < r.height; row++)
          screen.set(r.rgba.subarray(row * r.width * 4, (row + 1) * r.width * 4), ((r.y + row) * WIDTH + r.x) * 4);
      }
      messages++;
      bytes += frame.byteLength;
      setTimeout(() => frames.ack(frame.byteLength), 16);
    },
  });
  frames.attach();
  session.on('bitmap', (rect) => frames.paint(rect));
  try {
    await session.ready();
    const ttys = await sessionTty(session, uid);
    await settle(1500);
    const before = process.cpuUsage();
    const lines = await scroll(ttys, seconds, LINES_PER_SECOND);
    const used = process.cpuUsage(before);
    return {
      cpu: (used.user + used.system) / 1e6,
      lines,
      messages,
      bytes,
      rects: frames.stats.rectsPainted,
      ttys: ttys.length,
      ttyList: ttys,
    };
  } finally {
    frames.dispose();
    await session.close();
  }
}

let lastTtys: string[] = [];

async function measureXfreerdp(login: { port: number; user: string; password: string }, seconds: number, uid: number) {
  const client = await startXfreerdp(login, WIDTH, HEIGHT);
  try {
    await settle(6000); // log-in and first paint (~2 s here); xfreerdp says nothing when it is ready
    const ttys = lastTtys.length > 0 ? lastTtys : labXtermTtys(uid);
    const before = client.pids.map(cpuSeconds);
    const lines = await scroll(ttys, seconds, LINES_PER_SECOND);
    const after = client.pids.map(cpuSeconds);
    return { cpu: after.reduce((sum, v, i) => sum + v - before[i]!, 0), lines };
  } finally {
    client.stop();
  }
}

const bench: Bench = {
  name: 'rdp-cpu',
  needsSandbox: true,
  async run(context: BenchContext): Promise<BenchResult[]> {
    const seconds = context.size === 'full' ? 15 : 3;
    const state = readSandboxState();
    const uid = statSync(state.lab.home).uid;
    const login = { port: state.lab.xrdpPort, user: state.lab.user, password: state.lab.password, certSha256: state.lab.xrdpCertSha256 };
    // The scene needs the lab desktop's xterm: our session logs in (or reattaches) first.
    const ours = await measureOurs(login, seconds, uid);
    lastTtys = ours.ttyList;
    context.log(
      `ours: ${ours.cpu.toFixed(2)} s CPU in ${seconds} s (${ours.lines} lines into ${ours.ttyList.join(', ')}); ` +
        `${ours.rects} server rectangles → ${ours.messages} messages, ${(ours.bytes / 2 ** 20).toFixed(1)} MiB`,
    );
    const oursShare = (ours.cpu / seconds) * 100;
    const missing = missingDesktopTools();
    if (missing.length > 0) {
      context.log(`xfreerdp not measured: missing ${missing.join(', ')}`);
      return [
        {
          metric: `CPU, scrolling remote terminal, ${WIDTH}×${HEIGHT} 24 bpp (ours; xfreerdp missing)`,
          value: oursShare,
          unit: '% of a core',
        },
      ];
    }
    const peer = await measureXfreerdp(login, seconds, uid);
    const peerShare = (peer.cpu / seconds) * 100;
    context.log(`xfreerdp + Xvfb: ${peer.cpu.toFixed(2)} s CPU in ${seconds} s (${peer.lines} lines)`);
    return [
      {
        metric: `CPU, scrolling remote terminal (${LINES_PER_SECOND} lines/s), ${WIDTH}×${HEIGHT} 24 bpp: main process + renderer JS`,
        value: Math.round(oursShare * 10) / 10,
        unit: '% of a core',
        peer: { name: 'xfreerdp + Xvfb (RemoteFX/GFX off)', value: Math.round(peerShare * 10) / 10 },
        target: '≤ 2 × peer',
        met: context.size === 'full' ? oursShare <= 2 * peerShare : undefined,
      },
    ];
  },
};

export default bench;
