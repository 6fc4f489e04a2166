import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { freeXDisplay } from '../support/x-display';

/**
 * Looks at a lab's RDP desktop the way a person would: FreeRDP's xfreerdp (Debian freerdp2-x11)
 * inside a private Xvfb, then an `xwd` screenshot of that screen. Tests only.
 */
export const DESKTOP_TOOLS = ['/usr/bin/xfreerdp', '/usr/bin/Xvfb', '/usr/bin/xwd'] as const;

export function missingDesktopTools(): string[] {
  return DESKTOP_TOOLS.filter((tool) => !existsSync(tool));
}

export interface ScreenStats {
  readonly width: number;
  readonly height: number;
  readonly distinctColours: number;
  /** Share of pixels that differ from the most common colour (the background). */
  readonly foregroundShare: number;
}

/** Statistics of an XWD (X Window Dump) image: ZPixmap, 24/32 bits per pixel. */
export function xwdStats(dump: Buffer): ScreenStats {
  const u32 = (offset: number) => dump.readUInt32BE(offset);
  const headerSize = u32(0);
  const width = u32(16);
  const height = u32(20);
  const lsbFirst = u32(28) === 0;
  const bitsPerPixel = u32(44);
  const bytesPerLine = u32(48);
  const colourmapEntries = u32(76);
  if (bitsPerPixel !== 32 && bitsPerPixel !== 24) throw new Error(`xwd: ${bitsPerPixel} bits per pixel is not supported`);
  const data = headerSize + colourmapEntries * 12;
  const bytes = bitsPerPixel / 8;
  const counts = new Map<number, number>();
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = data + y * bytesPerLine + x * bytes;
      const pixel = lsbFirst ? dump.readUIntLE(at, 3) : dump.readUIntBE(at + bytes - 3, 3);
      counts.set(pixel, (counts.get(pixel) ?? 0) + 1);
    }
  }
  const background = Math.max(...counts.values());
  return { width, height, distinctColours: counts.size, foregroundShare: 1 - background / (width * height) };
}

function screenshot(display: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/xwd',
      ['-root', '-silent', '-display', `:${display}`],
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

export interface DesktopLogin {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly host?: string;
}

/**
 * Logs in with xfreerdp and waits until the screen shows a desktop (`enough` says when), or
 * `timeoutMs` passes; returns the last screen's statistics.
 */
export async function viewRdpDesktop(
  login: DesktopLogin,
  enough: (stats: ScreenStats) => boolean,
  timeoutMs = 30_000,
): Promise<ScreenStats> {
  const display = freeXDisplay(140, 240);
  const children: ChildProcess[] = [];
  try {
    children.push(spawn('/usr/bin/Xvfb', [`:${display}`, '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], { stdio: 'ignore' }));
    const socketDeadline = Date.now() + 10_000;
    while (!existsSync(`/tmp/.X11-unix/X${display}`)) {
      if (Date.now() > socketDeadline) throw new Error(`Xvfb :${display} did not start`);
      await sleep(50);
    }
    children.push(
      spawn(
        '/usr/bin/xfreerdp',
        [
          `/v:${login.host ?? '127.0.0.1'}:${login.port}`,
          `/u:${login.user}`,
          `/p:${login.password}`,
          '/cert:ignore',
          '/size:1024x768',
          '/bpp:24',
          '-gfx',
          '-rfx',
          '/log-level:ERROR',
        ],
        { stdio: 'ignore', env: { ...process.env, DISPLAY: `:${display}` } },
      ),
    );
    const deadline = Date.now() + timeoutMs;
    let stats = xwdStats(await screenshot(display));
    while (!enough(stats) && Date.now() < deadline) {
      await sleep(1000);
      stats = xwdStats(await screenshot(display));
    }
    return stats;
  } finally {
    for (const child of children.reverse()) child.kill('SIGKILL');
  }
}
