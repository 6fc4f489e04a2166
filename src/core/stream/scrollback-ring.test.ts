import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ScrollbackRing } from './scrollback-ring';
import { seededRandom } from '../../../test/support/seeded-random';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString();

/** What the ring must show: the newest `capacity` bytes, from after the first line break in the oldest 4 KiB once any were dropped. */
function expectedSnapshot(everything: Buffer, capacity: number): Buffer {
  const kept = everything.subarray(Math.max(0, everything.length - capacity));
  if (kept.length === everything.length) return kept;
  const newline = kept.subarray(0, 4096).indexOf(0x0a);
  return newline >= 0 ? kept.subarray(newline + 1) : kept;
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** JS heap and ArrayBuffer bytes still held after a full collection (ArrayBuffers are freed a moment after it). */
async function heldMemory(): Promise<{ heap: number; arrayBuffers: number }> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 50));
  collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heap: heapUsed, arrayBuffers };
}

describe('the scrollback kept for a window that attaches again', () => {
  it('keeps everything while under its capacity, in order', () => {
    const ring = new ScrollbackRing(100);
    ring.append(Buffer.from('one\r\n'));
    ring.append(Buffer.from('two\r\n'));
    expect(text(ring.snapshot())).toBe('one\r\ntwo\r\n');
    expect(ring.bytes).toBe(10);
  });

  it('keeps only the newest bytes, from the start of a line, however the output came', () => {
    const ring = new ScrollbackRing(64);
    for (let n = 0; n < 100; n++) ring.append(Buffer.from(`line ${n}\r\n`));
    expect(ring.bytes).toBe(64);
    const kept = text(ring.snapshot());
    expect(kept).toMatch(/^line \d+\r\n/);
    expect(kept.endsWith('line 99\r\n')).toBe(true);
    ring.append(Buffer.alloc(1000, 0x41));
    expect(ring.bytes).toBe(64);
    expect(text(ring.snapshot())).toBe('A'.repeat(64));
  });

  it('copies what it keeps: a buffer the caller reuses does not change the scrollback', () => {
    const ring = new ScrollbackRing(16);
    const reused = Buffer.from('abc');
    ring.append(reused);
    reused.fill(0x7a);
    expect(text(ring.snapshot())).toBe('abc');
  });

  it('shows exactly the newest bytes, from the start of a line, whatever sizes the output came in', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const random = seededRandom(seed);
      const capacity = 1 + Math.floor(random() * 20_000);
      const ring = new ScrollbackRing(capacity);
      const everything: Buffer[] = [];
      let total = 0;
      for (let n = 0; n < 300; n++) {
        // Mostly small chunks, now and then one as big as the ring or bigger; lines of every length.
        const size = random() < 0.05 ? Math.floor(random() * 2.5 * capacity) : Math.floor(random() * 300);
        const chunk = Buffer.alloc(size);
        for (let i = 0; i < size; i++) chunk[i] = random() < 1 / 600 ? 0x0a : 0x20 + Math.floor(random() * 90);
        ring.append(chunk);
        everything.push(Buffer.from(chunk));
        total += size;
        expect(ring.bytes).toBe(Math.min(total, capacity));
        if (n % 25 === 0 || n === 299) {
          const expected = expectedSnapshot(Buffer.concat(everything), capacity);
          expect(Buffer.from(ring.snapshot()).equals(expected), `seed ${seed}, chunk ${n}`).toBe(true);
        }
      }
    }
  });

  it('finds the first line break even where the kept bytes wrap round the end of its buffer', () => {
    const ring = new ScrollbackRing(10);
    ring.append(Buffer.from('abcdefgh'));
    ring.append(Buffer.from('ij\nklmno'));
    // Kept: "ghij\nklmno", its line break the first byte past the end of the buffer.
    expect(text(ring.snapshot())).toBe('klmno');
    ring.append(Buffer.from('\npq'));
    expect(text(ring.snapshot())).toBe('klmno\npq');
  });

  it('shows a chunk exactly its capacity whole when nothing came before it, and from its first line otherwise', () => {
    const ring = new ScrollbackRing(8);
    ring.append(Buffer.from('ab\ncdefg'));
    expect(text(ring.snapshot())).toBe('ab\ncdefg');
    ring.append(Buffer.from('hi\njklmn'));
    expect(text(ring.snapshot())).toBe('jklmn');
  });

  it('keeps its output in one buffer of its capacity, however many small chunks it came in', async () => {
    const capacity = 1024 * 1024;
    const line = Buffer.from('a line of shell output, as a prompt or ls prints it\r\n');
    const batch = Buffer.alloc(300 * 1024);
    // The test's own buffers exist before the first reading: only what the ring keeps is measured.
    const before = await heldMemory();
    const ring = new ScrollbackRing(capacity);
    for (let written = 0; written < 3 * capacity; written += line.length) ring.append(line);
    // Chunks as large as a flood's batches, after which the ring must not hold a larger buffer than its own.
    for (let n = 0; n < 8; n++) ring.append(batch.fill(0x41 + n));
    const held = await heldMemory();
    expect(ring.bytes).toBe(capacity);
    expect(held.arrayBuffers - before.arrayBuffers).toBeGreaterThan(capacity - 64 * 1024);
    expect(held.arrayBuffers - before.arrayBuffers).toBeLessThan(capacity + 64 * 1024);
    // One object per chunk (a few tens of thousands of them) would show in the JS heap.
    expect(held.heap - before.heap).toBeLessThan(256 * 1024);
    ring.clear();
    const cleared = await heldMemory();
    expect(cleared.arrayBuffers - before.arrayBuffers).toBeLessThan(64 * 1024);
    expect(ring.bytes).toBe(0);
    expect(ring.snapshot().length).toBe(0);
  });

  it('refuses a capacity that is not a positive number of bytes', () => {
    expect(() => new ScrollbackRing(0)).toThrow(RangeError);
    expect(() => new ScrollbackRing(1.5)).toThrow(RangeError);
  });
});
