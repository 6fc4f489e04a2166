import { describe, expect, it } from 'vitest';
// noVNC's package exports only its RFB: its zlib pair is reached by path (tests only).
import Deflator from '../../../node_modules/@novnc/novnc/core/deflator.js';
import Inflator from '../../../node_modules/@novnc/novnc/core/inflator.js';
import { skipUnreadChecksum, type NoVncInflator } from './unchecked-inflator';

interface Inflating extends NoVncInflator {
  readonly strm: NoVncInflator['strm'] & { readonly adler: number };
  setInput(data: Uint8Array | null): void;
  reset(): void;
}

const newInflator = (): Inflating => new (Inflator as unknown as new () => Inflating)();

/** Text-like rows: mostly one byte, some others, different per chunk. */
function chunk(seed: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => ((i * 31 + seed * 7) % 97 < 20 ? (i * 13 + seed) & 255 : 0));
}

/** Each chunk inflated as Tight does it: its compressed bytes in, exactly its length out. */
function inflateAll(inflator: Inflating, compressed: readonly Uint8Array[], lengths: readonly number[]): Uint8Array[] {
  return compressed.map((bytes, i) => {
    inflator.setInput(bytes);
    const out = inflator.inflate(lengths[i]!).slice();
    inflator.setInput(null);
    return out;
  });
}

describe("the VNC tab's zlib streams", () => {
  const raw = [chunk(1, 5000), chunk(2, 300), chunk(3, 20000), chunk(4, 64)];

  it('inflate one stream of flushed chunks as noVNC does, and no longer sum what they inflate after the header', () => {
    const deflator = new Deflator();
    const compressed = raw.map((data) => deflator.deflate(data).slice());
    const lengths = raw.map((data) => data.length);
    const unchecked = newInflator();
    skipUnreadChecksum(unchecked);
    expect(inflateAll(unchecked, compressed, lengths)).toEqual(raw);
    // noVNC's own inflator sums every chunk; the first chunk (the header's) is the last one summed here.
    const checked = newInflator();
    inflateAll(checked, compressed.slice(0, 1), lengths);
    const afterFirst = checked.strm.adler;
    const fresh = newInflator();
    skipUnreadChecksum(fresh);
    inflateAll(fresh, compressed, lengths);
    expect(fresh.strm.adler).toBe(afterFirst);
    inflateAll(checked, compressed.slice(1), lengths.slice(1));
    expect(checked.strm.adler).not.toBe(afterFirst);
  });

  it('read a new zlib header after a reset (Tight resets a stream and starts a new one)', () => {
    const lengths = raw.map((data) => data.length);
    const first = new Deflator();
    const before = raw.slice(0, 2).map((data) => first.deflate(data).slice());
    const second = new Deflator();
    const after = raw.slice(2).map((data) => second.deflate(data).slice());
    const inflator = newInflator();
    skipUnreadChecksum(inflator);
    expect(inflateAll(inflator, before, lengths)).toEqual(raw.slice(0, 2));
    inflator.reset();
    expect(inflateAll(inflator, after, lengths.slice(2))).toEqual(raw.slice(2));
  });

  it('leave an inflator of another shape as it is', () => {
    const other = { strm: {}, inflate: () => new Uint8Array(0) };
    const inflate = other.inflate;
    skipUnreadChecksum(other as unknown as NoVncInflator);
    expect(other.inflate).toBe(inflate);
  });
});
