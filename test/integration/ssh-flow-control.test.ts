/**
 * Flow control end to end on a real sshd: ~136 MB of output (base64 of 100 MB) through the PTY
 * into a consumer slower than the network, acknowledging bytes as it "parses" them (as xterm's
 * write callback does). Nothing may be dropped, the last line must arrive, unacknowledged bytes
 * stay near the high watermark, and the process's memory stays flat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshSession, TerminalChannel } from '../../src/core/connect/ssh';
import { TestSshd } from '../support/test-sshd';

let sshd: TestSshd;
beforeAll(async () => {
  sshd = await TestSshd.start();
});
afterAll(async () => {
  await sshd?.dispose();
});

const INPUT_BYTES = 100_000_000;
/** base64 of n zero bytes: 4 chars per 3 bytes, all "A" but the "==" padding (n mod 3 = 1). */
const EXPECTED_A = Math.ceil(INPUT_BYTES / 3) * 4 - 2;
const HIGH = 1024 * 1024;
const LOW = 256 * 1024;
/** The consumer's speed once it runs: below ssh2's usual ~40 MB/s. */
const CONSUMER_BYTES_PER_MS = 20_000;
/**
 * The consumer first stalls, as a busy renderer would: the stream must stop at the high watermark
 * whatever the machine's speed, so the pause is proven even where the producer is slower than 20 MB/s.
 */
const STALL_MS = 2_000;

describe('terminal flow control', () => {
  it('streams 100 MB through the PTY into a slow consumer without loss, holding unacked bytes and memory down', async () => {
    const session = await SshSession.connect({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.user,
      auth: { privateKey: sshd.clientKey.privateKey },
      hostKey: { kind: 'expected', fingerprint: sshd.hostFingerprint },
    });
    const stream = await session.shell({ cols: 80, rows: 24 });
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssMax = rssBefore;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 50);

    // Counts "A"s between the echoed command and the final marker, across chunk boundaries.
    let phase: 'command' | 'output' | 'done' = 'command';
    let tail = '';
    let countA = 0;
    let busyUntil = performance.now();
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const countFrom = (text: string, from: number, to = text.length) => {
      for (let i = from; i < to; i++) if (text.charCodeAt(i) === 65) countA++;
    };
    const channel: TerminalChannel = new TerminalChannel(
      stream,
      (data) => {
        const text = data.toString('latin1');
        if (phase === 'command') {
          const joined = tail + text;
          const at = joined.indexOf('+2))');
          if (at >= 0) {
            phase = 'output';
            countFrom(joined, at + 4);
          }
        } else if (phase === 'output') {
          const joined = tail + text;
          const end = joined.indexOf('done-42');
          if (end >= 0) {
            countFrom(joined, tail.length, end);
            phase = 'done';
            resolveDone();
          } else countFrom(text, 0);
        }
        tail = text.slice(-16);
        // A consumer that parses at a fixed speed, acking each chunk once parsed.
        const now = performance.now();
        busyUntil = Math.max(now, busyUntil) + data.length / CONSUMER_BYTES_PER_MS;
        setTimeout(() => channel.ack(data.length), busyUntil - now);
      },
      { highWatermark: HIGH, lowWatermark: LOW },
    );
    const started = performance.now();
    busyUntil = started + STALL_MS;
    channel.write(`head -c ${INPUT_BYTES} /dev/zero | base64; echo done-$((40+2))\r`);
    await done;
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const stats = channel.flowStats();
    session.close();

    expect(countA).toBe(EXPECTED_A);
    // One SSH packet (≤ 32 KiB) may land after the threshold before the pause takes effect.
    expect(stats.maxUnacked).toBeLessThanOrEqual(HIGH + 64 * 1024);
    expect(stats.pauses).toBeGreaterThanOrEqual(1);
    expect(rssMax - rssBefore).toBeLessThan(150 * 1024 * 1024);
    // The consumer set the pace: the stream cannot have finished faster than it parses.
    expect(seconds).toBeGreaterThan(stats.bytesReceived / CONSUMER_BYTES_PER_MS / 1000 - 1);
    console.log(
      `flow: ${(stats.bytesReceived / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s, ${stats.deliveries} deliveries, ` +
        `${stats.pauses} pauses, max unacked ${(stats.maxUnacked / 1024).toFixed(0)} KiB, RSS +${((rssMax - rssBefore) / 1048576).toFixed(1)} MiB`,
    );
  });
});
