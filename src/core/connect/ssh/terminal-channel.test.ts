import { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TerminalChannel, type TerminalStream } from './terminal-channel';

/** A duplex whose readable side stands for the remote PTY and writable side records input. */
function fakePty() {
  const input: Buffer[] = [];
  const windows: [number, number][] = [];
  const duplex = new Duplex({
    read: () => undefined,
    write: (chunk: Buffer, _encoding, callback) => {
      input.push(Buffer.from(chunk));
      callback();
    },
  });
  const stream = Object.assign(duplex, {
    setWindow: (rows: number, cols: number) => windows.push([rows, cols]),
  }) as unknown as TerminalStream;
  const output = { write: (data: string | Buffer) => duplex.push(data) };
  return { stream, output, input, windows };
}

describe('TerminalChannel', () => {
  it('delivers small output at once, however quickly it follows, so echo is never delayed', async () => {
    const { stream, output } = fakePty();
    const got: string[] = [];
    new TerminalChannel(stream, (d) => got.push(d.toString()), { batchMs: 50 });
    for (const c of ['a', 'b', 'c']) {
      output.write(c);
      await sleep(0);
    }
    expect(got).toEqual(['a', 'b', 'c']);
  });

  it('coalesces output once it streams, into one delivery per batch interval', async () => {
    const { stream, output } = fakePty();
    const sizes: number[] = [];
    // The channel's clock, moved by hand: a loaded machine may take longer than a batch interval between two writes.
    let clock = 0;
    new TerminalChannel(stream, (d) => sizes.push(d.length), { batchMs: 30, burstBytes: 100, now: () => clock });
    for (let i = 0; i < 5; i++) {
      output.write(Buffer.alloc(40));
      await sleep(0);
    }
    // 40 + 40 stay under the burst size and go at once; from the third chunk on it streams.
    expect(sizes).toEqual([40, 40]);
    await sleep(50);
    expect(sizes).toEqual([40, 40, 120]);
    // A quiet interval later, small output goes at once again.
    clock += 50;
    output.write('x');
    await sleep(0);
    expect(sizes).toEqual([40, 40, 120, 1]);
  });

  it("delivers a key's echo at once right after a burst of output, with the output held before it", async () => {
    const { stream, output } = fakePty();
    const got: string[] = [];
    const channel = new TerminalChannel(stream, (d) => got.push(d.toString()), { batchMs: 10_000, burstBytes: 10 });
    // A command printed more than a burst, then its prompt: both wait for the batch interval…
    output.write('0123456789');
    await sleep(0);
    output.write('more$ ');
    await sleep(0);
    expect(got).toEqual(['0123456789']);
    // …but the learner typed: the echo, and what came before it, go out now, not a batch interval later.
    channel.write('l');
    output.write('l');
    await sleep(0);
    expect(got).toEqual(['0123456789', 'more$ l']);
    // Output nobody typed for is coalesced again.
    output.write('s-output');
    await sleep(0);
    expect(got).toEqual(['0123456789', 'more$ l']);
  });

  it('delivers a batch early once it reaches batchBytes', async () => {
    const { stream, output } = fakePty();
    const sizes: number[] = [];
    new TerminalChannel(stream, (d) => sizes.push(d.length), {
      batchMs: 10_000,
      batchBytes: 100,
      burstBytes: 10,
      highWatermark: 10_000,
      lowWatermark: 10,
    });
    output.write(Buffer.alloc(10));
    await sleep(0);
    for (let i = 0; i < 12; i++) {
      output.write(Buffer.alloc(10));
      await sleep(0);
    }
    expect(sizes).toEqual([10, 100]);
  });

  it("keeps a flood's batches under glibc's mmap threshold (128 KiB), whatever size of packet they gather", async () => {
    const { stream, output } = fakePty();
    const sizes: number[] = [];
    // Only the size limit flushes here; 32 KiB is the most data one SSH packet carries (ssh2's packet size).
    new TerminalChannel(stream, (d) => sizes.push(d.length), { batchMs: 10_000 });
    for (const packet of [32 * 1024, 32 * 1024 - 1, 17_000, 1]) {
      for (let i = 0; i < 6; i++) {
        output.write(Buffer.alloc(packet));
        await sleep(0);
      }
    }
    expect(sizes.filter((size) => size > 16 * 1024).length).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThan(128 * 1024);
  });

  it('pauses the stream past the high watermark and resumes it once acks bring it under the low one', async () => {
    const { stream, output } = fakePty();
    const channel = new TerminalChannel(stream, () => undefined, { highWatermark: 1000, lowWatermark: 200, batchMs: 1 });
    for (let i = 0; i < 5; i++) {
      output.write(Buffer.alloc(300));
      await sleep(0);
    }
    // 4 × 300 crossed 1000: paused, and no further data was read from the stream.
    expect(channel.flowStats()).toMatchObject({ paused: true, unacked: 1200, pauses: 1 });
    expect(stream.isPaused()).toBe(true);
    channel.ack(900);
    expect(channel.flowStats().paused).toBe(true);
    channel.ack(200);
    expect(channel.flowStats().paused).toBe(false);
    await sleep(0);
    expect(channel.flowStats().bytesReceived).toBe(1500);
  });

  it('sends input straight to the shell, resizes the PTY and reports activity at most once per throttle window', async () => {
    const { stream, input, windows } = fakePty();
    let activity = 0;
    const channel = new TerminalChannel(stream, () => undefined, { onActivity: () => activity++, activityThrottleMs: 40 });
    channel.write('ls\r');
    channel.write('x');
    channel.resize(120, 40);
    expect(Buffer.concat(input).toString()).toBe('ls\rx');
    expect(windows).toEqual([[40, 120]]);
    expect(activity).toBe(1);
    await sleep(60);
    channel.write('y');
    expect(activity).toBe(2);
  });

  it('flushes what is pending before reporting the close with the exit status', async () => {
    const { stream, output } = fakePty();
    const got: string[] = [];
    const channel = new TerminalChannel(stream, (d) => got.push(d.toString()), { batchMs: 10_000, burstBytes: 1 });
    const closed = new Promise<number | undefined>((resolve) => channel.onClose(resolve));
    output.write('a');
    await sleep(0);
    output.write('tail');
    await sleep(0);
    stream.emit('exit', 7);
    stream.emit('close');
    expect(await closed).toBe(7);
    expect(got.join('')).toBe('atail');
  });

  it('reports once that a stream went quiet, after at least streamIdleBytes and streamIdleMs without output', async () => {
    const { stream, output } = fakePty();
    let idle = 0;
    const channel: TerminalChannel = new TerminalChannel(stream, (d) => channel.ack(d.length), {
      onStreamIdle: () => idle++,
      streamIdleBytes: 300,
      streamIdleMs: 250,
    });
    for (let i = 0; i < 4; i++) {
      output.write(Buffer.alloc(100));
      await sleep(20);
    }
    // Output kept coming closer than streamIdleMs apart: not quiet yet.
    expect(idle).toBe(0);
    await sleep(400);
    expect(idle).toBe(1);
    // A prompt after the stream is not another stream.
    output.write('$ ');
    await sleep(400);
    expect(idle).toBe(1);
  });

  it('does not report small output (typing, echo) as a stream going quiet', async () => {
    const { stream, output } = fakePty();
    let idle = 0;
    new TerminalChannel(stream, () => undefined, { onStreamIdle: () => idle++, streamIdleBytes: 300, streamIdleMs: 20 });
    output.write(Buffer.alloc(299));
    await sleep(50);
    expect(idle).toBe(0);
  });

  it('waits for the terminal to acknowledge all of a quiet stream before reporting it ended', async () => {
    const { stream, output } = fakePty();
    let idle = 0;
    let delivered = 0;
    const channel = new TerminalChannel(
      stream,
      (d) => {
        delivered += d.length;
      },
      { onStreamIdle: () => idle++, streamIdleBytes: 300, streamIdleMs: 50 },
    );
    output.write(Buffer.alloc(400));
    await sleep(150);
    // Quiet, but the terminal is still drawing it: the memory that held it is not all free yet.
    expect(idle).toBe(0);
    channel.ack(delivered - 1);
    expect(idle).toBe(0);
    channel.ack(1);
    expect(idle).toBe(1);
  });
});
