import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import xtermHeadless from '@xterm/headless';
import { SshSession, TerminalChannel } from '../src/core/connect/ssh';
import { TestSshd } from '../test/support/test-sshd';
import type { Bench, BenchContext, BenchResult } from './bench';

const { Terminal } = xtermHeadless;
type HeadlessTerminal = InstanceType<typeof Terminal>;

/**
 * The terminal's two numbers, beside references measured in the same run on the same sshd:
 * - throughput: N MiB of base64 text through the PTY, our flow control, into @xterm/headless
 *   (timed until xterm has parsed the last line), against xterm's own parser limit — the very
 *   same bytes written straight into a fresh headless Terminal with write-callback flow control;
 * - keystroke echo latency (median, p99): a key sent to `cat` on a PTY until its echo comes back,
 *   our session against OpenSSH's `ssh -tt`.
 */
const MiB = 1024 * 1024;
const XTERM_HIGH = 2 * MiB;

const newTerminal = (): HeadlessTerminal => new Terminal({ cols: 80, rows: 24, scrollback: 1000, allowProposedApi: true });

async function login(sshd: TestSshd): Promise<SshSession> {
  return SshSession.connect({
    host: '127.0.0.1',
    port: sshd.port,
    username: sshd.user,
    auth: { privateKey: sshd.clientKey.privateKey },
    hostKey: { kind: 'expected', fingerprint: sshd.hostFingerprint },
  });
}

/** Writes chunks into a terminal as fast as its parser takes them; resolves once all are parsed. */
async function parseAll(term: HeadlessTerminal, chunks: readonly Buffer[]): Promise<number> {
  const started = performance.now();
  let pending = 0;
  let wake: (() => void) | undefined;
  for (const chunk of chunks) {
    while (pending > XTERM_HIGH) await new Promise<void>((resolve) => (wake = resolve));
    pending += chunk.length;
    term.write(chunk, () => {
      pending -= chunk.length;
      wake?.();
      wake = undefined;
    });
  }
  await new Promise<void>((resolve) => term.write('', resolve));
  return performance.now() - started;
}

interface Throughput {
  bytes: number;
  oursMBps: number;
  parserMBps: number;
  maxUnacked: number;
}

async function throughput(sshd: TestSshd, outputBytes: number): Promise<Throughput> {
  // Warm xterm's parser up first, so neither side pays for the JIT.
  const warm = Buffer.from('x'.repeat(79) + '\r\n').toString().repeat(8192);
  await parseAll(newTerminal(), [Buffer.from(warm)]);

  const session = await login(sshd);
  const stream = await session.shell({ cols: 80, rows: 24 });
  const term = newTerminal();
  const captured: Buffer[] = [];
  let recording = false;
  let tail = '';
  let onReady: (() => void) | undefined;
  let onDone: (() => void) | undefined;
  const channel: TerminalChannel = new TerminalChannel(stream, (data) => {
    if (recording) captured.push(data);
    const text = tail + data.toString('latin1');
    tail = text.slice(-32);
    const ready = onReady && text.includes('ready-7');
    const done = onDone && text.includes('done-42');
    term.write(data, () => {
      channel.ack(data.length);
      if (ready) onReady?.();
      if (done) onDone?.();
    });
  });
  channel.write('echo ready-$((3+4))\r');
  await new Promise<void>((resolve) => (onReady = resolve));
  onReady = undefined;
  await sleep(100);
  recording = true;
  const finished = new Promise<void>((resolve) => (onDone = resolve));
  const started = performance.now();
  channel.write(`head -c ${Math.floor((outputBytes * 3) / 4)} /dev/urandom | base64; echo done-$((40+2))\r`);
  await finished;
  const oursMs = performance.now() - started;
  const stats = channel.flowStats();
  session.close();

  const bytes = captured.reduce((sum, c) => sum + c.length, 0);
  const parserMs = await parseAll(newTerminal(), captured);
  term.dispose();
  return { bytes, oursMBps: bytes / 1e3 / oursMs, parserMBps: bytes / 1e3 / parserMs, maxUnacked: stats.maxUnacked };
}

function quantile(sorted: readonly number[], q: number): number {
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at] ?? NaN;
}

interface Latency {
  median: number;
  p99: number;
}

const summarize = (samples: number[]): Latency => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
};

/** Sends one key at a time and times its echo; `keys` samples after a few warm-up keys. */
async function echoLatency(send: (key: string) => void, nextOutput: () => Promise<void>, keys: number): Promise<Latency> {
  const samples: number[] = [];
  for (let i = -5; i < keys; i++) {
    const echoed = nextOutput();
    const started = performance.now();
    send('x');
    await echoed;
    if (i >= 0) samples.push(performance.now() - started);
    await sleep(20);
  }
  return summarize(samples);
}

/** Resolves on the next output chunk; output arriving with nobody waiting is dropped. */
function outputWaiter() {
  let waiting: (() => void) | undefined;
  return {
    arrived: () => {
      waiting?.();
      waiting = undefined;
    },
    next: () => new Promise<void>((resolve) => (waiting = resolve)),
  };
}

async function oursEcho(sshd: TestSshd, keys: number): Promise<Latency> {
  const session = await login(sshd);
  const stream = await session.shell({ cols: 80, rows: 24 });
  const waiter = outputWaiter();
  const channel: TerminalChannel = new TerminalChannel(stream, (data) => {
    channel.ack(data.length);
    waiter.arrived();
  });
  channel.write('exec cat\r');
  await sleep(500);
  try {
    return await echoLatency((key) => channel.write(key), waiter.next, keys);
  } finally {
    session.close();
  }
}

async function opensshEcho(sshd: TestSshd, keys: number): Promise<Latency> {
  const dir = mkdtempSync(join(tmpdir(), 'lc-ssh-bench-'));
  try {
    const keyFile = join(dir, 'id');
    writeFileSync(keyFile, sshd.clientKey.privateKey, { mode: 0o600 });
    writeFileSync(join(dir, 'known_hosts'), `${sshd.knownHostsLine}\n`);
    const ssh = spawn(
      'ssh',
      [
        '-tt', '-i', keyFile, '-p', String(sshd.port),
        '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'StrictHostKeyChecking=yes',
        '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', '-F', '/dev/null',
        `${sshd.user}@127.0.0.1`, 'cat',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const waiter = outputWaiter();
    ssh.stdout.on('data', () => waiter.arrived());
    let stderr = '';
    ssh.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The first echo proves the login is done.
    for (let tries = 0; ; tries++) {
      const echoed = waiter.next();
      ssh.stdin.write('x');
      const got = await Promise.race([echoed.then(() => true), sleep(500).then(() => false)]);
      if (got) break;
      if (tries > 20 || ssh.exitCode !== null) throw new Error(`ssh did not start: ${stderr.trim()}`);
    }
    await sleep(200);
    try {
      return await echoLatency((key) => ssh.stdin.write(key), waiter.next, keys);
    } finally {
      ssh.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

const bench: Bench = {
  name: 'ssh',
  needsSandbox: false,
  async run(context: BenchContext): Promise<BenchResult[]> {
    const full = context.size === 'full';
    const outputBytes = (full ? 50 : 1) * MiB;
    const keys = full ? 200 : 20;
    const sshd = await TestSshd.start();
    try {
      const t = await throughput(sshd, outputBytes);
      context.log(
        `throughput: ${(t.bytes / MiB).toFixed(1)} MiB, ours ${t.oursMBps.toFixed(1)} MB/s into xterm, xterm parser alone ${t.parserMBps.toFixed(1)} MB/s, max unacked ${(t.maxUnacked / 1024).toFixed(0)} KiB`,
      );
      const ours = await oursEcho(sshd, keys);
      const openssh = await opensshEcho(sshd, keys);
      context.log(
        `echo (${keys} keys): ours median ${ours.median.toFixed(3)} ms p99 ${ours.p99.toFixed(3)} ms; OpenSSH median ${openssh.median.toFixed(3)} ms p99 ${openssh.p99.toFixed(3)} ms`,
      );
      return [
        {
          metric: `PTY output into @xterm/headless with flow control, ${outputBytes / MiB} MiB base64`,
          value: round(t.oursMBps, 1),
          unit: 'MB/s',
          peer: { name: 'xterm parser alone, same bytes', value: round(t.parserMBps, 1) },
          target: '≥ 0.8 × peer',
          met: full ? t.oursMBps >= 0.8 * t.parserMBps : undefined,
        },
        {
          metric: `keystroke echo latency, median of ${keys}`,
          value: round(ours.median, 3),
          unit: 'ms',
          peer: { name: 'OpenSSH ssh -tt', value: round(openssh.median, 3) },
          target: '≤ peer + 1 ms',
          met: full ? ours.median <= openssh.median + 1 : undefined,
        },
        {
          metric: `keystroke echo latency, p99 of ${keys}`,
          value: round(ours.p99, 3),
          unit: 'ms',
          peer: { name: 'OpenSSH ssh -tt', value: round(openssh.p99, 3) },
          target: '≤ peer + 1 ms',
          met: full ? ours.p99 <= openssh.p99 + 1 : undefined,
        },
      ];
    } finally {
      await sshd.dispose();
    }
  },
};

export default bench;
