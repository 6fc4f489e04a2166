import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { SshSession, TerminalChannel } from '../src/core/connect/ssh';
import { TestSshd } from '../test/support/test-sshd';
import type { Bench, BenchContext, BenchResult } from './bench';

/**
 * The terminal's two numbers, beside references measured in the same run on the same sshd:
 * - throughput: N MiB of base64 text through the PTY, our flow control, into @xterm/headless
 *   (timed until xterm has parsed the last line), against xterm's own parser limit — the very
 *   same bytes written straight into a fresh headless Terminal with write-callback flow control;
 * - keystroke echo latency (median, p99): a key sent to `cat` on a PTY until its echo comes back,
 *   our session against OpenSSH's `ssh -tt`.
 */
const MiB = 1024 * 1024;

/**
 * xterm runs in a worker thread, as it runs in the renderer process in the app: parsing and SSH
 * then proceed in parallel, and every chunk crosses a thread boundary as it crosses the IPC.
 */
const XTERM_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Terminal } = require('node:module').createRequire(workerData.base)('@xterm/headless');
const make = () => new Terminal({ cols: 80, rows: 24, scrollback: 1000, allowProposedApi: true });
const term = make();
parentPort.on('message', (m) => {
  if (m.type === 'write') {
    const n = m.data.byteLength;
    term.write(m.data, () => parentPort.postMessage({ type: 'ack', bytes: n, id: m.id }));
  } else if (m.type === 'parse-alone') {
    // The parser's own limit: write as fast as xterm's write callbacks allow (2 MiB in flight).
    const t = make();
    const chunks = m.chunks;
    let i = 0;
    let pending = 0;
    const start = performance.now();
    const pump = () => {
      while (i < chunks.length && pending <= ${2 * 1024 * 1024}) {
        const c = chunks[i++];
        pending += c.byteLength;
        t.write(c, () => {
          pending -= c.byteLength;
          if (i < chunks.length) pump();
          else if (pending === 0) { parentPort.postMessage({ type: 'parsed', ms: performance.now() - start }); t.dispose(); }
        });
      }
    };
    pump();
  }
});
`;

class XtermWorker {
  private readonly worker = new Worker(XTERM_WORKER, { eval: true, workerData: { base: join(process.cwd(), 'package.json') } });
  private nextId = 0;
  private readonly acks = new Map<number, () => void>();
  onAck: (bytes: number) => void = () => undefined;

  constructor() {
    this.worker.on('message', (m: { type: string; bytes: number; id: number }) => {
      if (m.type !== 'ack') return;
      this.onAck(m.bytes);
      this.acks.get(m.id)?.();
      this.acks.delete(m.id);
    });
  }

  /** Sends output to xterm; `parsed` runs once xterm has parsed it. */
  write(data: Buffer, parsed?: () => void): void {
    const copy = new Uint8Array(data);
    const id = this.nextId++;
    if (parsed) this.acks.set(id, parsed);
    this.worker.postMessage({ type: 'write', data: copy, id }, [copy.buffer]);
  }

  /** Milliseconds xterm's parser alone needs for `chunks`, timed inside the worker. */
  parseAlone(chunks: readonly Buffer[]): Promise<number> {
    return new Promise((resolve) => {
      const onMessage = (m: { type: string; ms: number }) => {
        if (m.type !== 'parsed') return;
        this.worker.off('message', onMessage);
        resolve(m.ms);
      };
      this.worker.on('message', onMessage);
      const copies = chunks.map((c) => new Uint8Array(c));
      this.worker.postMessage(
        { type: 'parse-alone', chunks: copies },
        copies.map((c) => c.buffer),
      );
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

async function login(sshd: TestSshd): Promise<SshSession> {
  return SshSession.connect({
    host: '127.0.0.1',
    port: sshd.port,
    username: sshd.user,
    auth: { privateKey: sshd.clientKey.privateKey },
    hostKey: { kind: 'expected', fingerprint: sshd.hostFingerprint },
  });
}

interface Throughput {
  bytes: number;
  oursMBps: number;
  parserMBps: number;
  maxUnacked: number;
}

async function throughput(sshd: TestSshd, outputBytes: number): Promise<Throughput> {
  const xterm = new XtermWorker();
  try {
    // Warm xterm's parser up first, so neither side pays for the JIT.
    await xterm.parseAlone(Array.from({ length: 64 }, () => Buffer.from(`${'x'.repeat(76)}\r\n`.repeat(800))));

    const session = await login(sshd);
    const stream = await session.shell({ cols: 80, rows: 24 });
    const captured: Buffer[] = [];
    let recording = false;
    let tail = '';
    let onReady: (() => void) | undefined;
    let onDone: (() => void) | undefined;
    const channel = new TerminalChannel(stream, (data) => {
      if (recording) captured.push(Buffer.from(data));
      const text = tail + data.toString('latin1');
      tail = text.slice(-32);
      const after = onReady && text.includes('ready-7') ? onReady : onDone && text.includes('done-42') ? onDone : undefined;
      xterm.write(data, after);
    });
    xterm.onAck = (bytes) => channel.ack(bytes);
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
    const parserMs = await xterm.parseAlone(captured);
    return { bytes, oursMBps: bytes / 1e3 / oursMs, parserMBps: bytes / 1e3 / parserMs, maxUnacked: stats.maxUnacked };
  } finally {
    await xterm.terminate();
  }
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

/** Runs OpenSSH's client with a PTY against the test sshd, with the key and pinned host key it needs. */
async function withOpenssh<T>(sshd: TestSshd, command: string, use: (ssh: ChildProcessWithoutNullStreams) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'lc-ssh-bench-'));
  try {
    const keyFile = join(dir, 'id');
    writeFileSync(keyFile, sshd.clientKey.privateKey, { mode: 0o600 });
    writeFileSync(join(dir, 'known_hosts'), `${sshd.knownHostsLine}\n`);
    const ssh = spawn(
      'ssh',
      [
        '-tt',
        '-i',
        keyFile,
        '-p',
        String(sshd.port),
        '-o',
        `UserKnownHostsFile=${join(dir, 'known_hosts')}`,
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        'BatchMode=yes',
        '-o',
        'LogLevel=ERROR',
        '-F',
        '/dev/null',
        `${sshd.user}@127.0.0.1`,
        command,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    try {
      return await use(ssh);
    } finally {
      ssh.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The transports alone, output discarded: OpenSSH's `ssh -tt` and our session without a terminal. */
async function transportThroughput(sshd: TestSshd, outputBytes: number): Promise<{ ssh2MBps: number; opensshMBps: number }> {
  const command = `head -c ${Math.floor((outputBytes * 3) / 4)} /dev/urandom | base64`;
  const opensshMBps = await withOpenssh(sshd, command, async (ssh) => {
    let bytes = 0;
    let first = 0;
    ssh.stdout.on('data', (d: Buffer) => {
      if (bytes === 0) first = performance.now();
      bytes += d.length;
    });
    await new Promise((resolve) => ssh.once('close', resolve));
    return bytes / 1e3 / (performance.now() - first);
  });
  const session = await login(sshd);
  try {
    const stream = await session.shell({ cols: 80, rows: 24 });
    let bytes = 0;
    let first = 0;
    let counting = false;
    stream.on('data', (d: Buffer) => {
      if (!counting) return;
      if (first === 0) first = performance.now();
      bytes += d.length;
    });
    await sleep(500);
    counting = true;
    stream.write(`exec sh -c '${command}'\r`);
    await new Promise((resolve) => stream.once('close', resolve));
    return { ssh2MBps: bytes / 1e3 / (performance.now() - first), opensshMBps };
  } finally {
    session.close();
  }
}

async function opensshEcho(sshd: TestSshd, keys: number): Promise<Latency> {
  return withOpenssh(sshd, 'cat', async (ssh) => {
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
    return echoLatency((key) => ssh.stdin.write(key), waiter.next, keys);
  });
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
      const transport = await transportThroughput(sshd, outputBytes);
      context.log(`transport alone: ssh2 ${transport.ssh2MBps.toFixed(1)} MB/s, OpenSSH ssh -tt ${transport.opensshMBps.toFixed(1)} MB/s`);
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
          metric: `PTY output, transport alone (no terminal), ${outputBytes / MiB} MiB base64`,
          value: round(transport.ssh2MBps, 1),
          unit: 'MB/s',
          peer: { name: 'OpenSSH ssh -tt', value: round(transport.opensshMBps, 1) },
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
