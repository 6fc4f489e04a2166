import { describe, expect, it } from 'vitest';
import { ScrollbackRing } from './scrollback-ring';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString();

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

  it('refuses a capacity that is not a positive number of bytes', () => {
    expect(() => new ScrollbackRing(0)).toThrow(RangeError);
    expect(() => new ScrollbackRing(1.5)).toThrow(RangeError);
  });
});
