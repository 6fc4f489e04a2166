import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { freeXDisplay } from '../test/support/x-display';

/**
 * The scene of the RDP CPU bench: the lab desktop's xterm scrolling at a fixed rate. Lines are
 * written straight to the terminal device of the shell inside each xterm of the lab account (the
 * bench runs as root on the sandbox machine), so both clients see exactly the same drawing work
 * on the server, whoever types nothing.
 */
export function labXtermTtys(uid: number): string[] {
  const ttys = new Set<string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'xterm' || statSync(`/proc/${entry}`).uid !== uid) continue;
      const children = readFileSync(`/proc/${entry}/task/${entry}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      for (const child of children) {
        const tty = readlinkSync(`/proc/${child}/fd/0`);
        if (tty.startsWith('/dev/pts/')) ttys.add(tty);
      }
    } catch {
      // the process ended while we looked
    }
  }
  return [...ttys];
}

/** The writer runs in its own process, so its CPU (writes into the pty) is counted for neither client. */
const WRITER = `
const { openSync, writeSync } = require('node:fs');
const [ttys, seconds, rate] = JSON.parse(process.argv[1]);
const fds = ttys.map((tty) => openSync(tty, 'w'));
const started = Date.now();
let written = 0;
const tick = () => {
  const elapsed = Date.now() - started;
  const due = Math.floor(Math.min(elapsed, seconds * 1000) / 1000 * rate);
  let chunk = '';
  for (; written < due; written++) chunk += 'scrolling line ' + written + ' of the Lab Console RDP bench: the quick brown fox jumps over the lazy dog\\r\\n';
  if (chunk) for (const fd of fds) writeSync(fd, chunk);
  if (elapsed < seconds * 1000) setTimeout(tick, 10);
  else process.stdout.write(String(written));
};
tick();
`;

/** Writes `linesPerSecond` numbered lines to each tty for `seconds` (from a child process); resolves to the lines written. */
export function scroll(ttys: readonly string[], seconds: number, linesPerSecond: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', WRITER, JSON.stringify([ttys, seconds, linesPerSecond])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`the scrolling writer exited with ${code}`))));
  });
}

export interface Xfreerdp {
  readonly pids: readonly number[];
  stop(): void;
}

/**
 * What xfreerdp asks xrdp for, made the same as our client (node-rdpjs-2): 24 bpp, no bulk
 * compression, and no codec (no RemoteFX, NSCodec or graphics pipeline: FreeRDP 2 leaves them off
 * unless asked — note that `-rfx`/`-gfx` do not turn them off, they were seen to turn RemoteFX on).
 * Bitmaps then arrive as bitmap updates, interleaved RLE, as ours do. FreeRDP has no switch for
 * drawing orders, which our client does not announce; the bench logs which updates each got.
 */
export const XFREERDP_LIKE_OURS = ['/bpp:24', '-compression'];

/** xfreerdp (FreeRDP 2, XFREERDP_LIKE_OURS) in its own Xvfb, logged in to the lab desktop; `traceLog`: its TRACE log there. */
export async function startXfreerdp(
  login: { port: number; user: string; password: string },
  width: number,
  height: number,
  traceLog?: string,
): Promise<Xfreerdp> {
  const display = freeXDisplay(160, 260);
  const children: ChildProcess[] = [];
  const stop = (): void => {
    for (const child of children.reverse()) child.kill('SIGKILL');
  };
  children.push(spawn('/usr/bin/Xvfb', [`:${display}`, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], { stdio: 'ignore' }));
  const deadline = Date.now() + 10_000;
  while (!existsSync(`/tmp/.X11-unix/X${display}`)) {
    if (Date.now() > deadline) {
      stop();
      throw new Error(`Xvfb :${display} did not start`);
    }
    await sleep(50);
  }
  children.push(
    spawn(
      '/usr/bin/xfreerdp',
      [
        `/v:127.0.0.1:${login.port}`,
        `/u:${login.user}`,
        `/p:${login.password}`,
        '/cert:ignore',
        `/size:${width}x${height}`,
        ...XFREERDP_LIKE_OURS,
        traceLog ? '/log-level:TRACE' : '/log-level:ERROR',
      ],
      { stdio: ['ignore', traceLog ? openSync(traceLog, 'w') : 'ignore', 'ignore'], env: { ...process.env, DISPLAY: `:${display}` } },
    ),
  );
  return { pids: children.map((c) => c.pid!), stop };
}
