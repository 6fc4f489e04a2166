import { describe, expect, it } from 'vitest';
import { mapBounded } from './bounded-parallel';

describe('mapBounded', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('rejects with the first error only after the work in flight has settled', async () => {
    const finished: number[] = [];
    const result = mapBounded([1, 2, 3, 4], 2, async (n) => {
      await new Promise((r) => setTimeout(r, n === 1 ? 1 : 20));
      if (n === 1) throw new Error('boom');
      finished.push(n);
    });
    await expect(result).rejects.toThrow('boom');
    expect(finished).toEqual([2]);
  });
});
