import { describe, expect, it } from 'vitest';
import { boundedRunner, mapBounded } from './bounded-parallel';

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

describe('boundedRunner', () => {
  it('never runs more than the limit at once, work added late included, and starts work in the order handed', async () => {
    const run = boundedRunner(2);
    let running = 0;
    let peak = 0;
    const started: string[] = [];
    const task = (name: string, ms: number) =>
      run(async () => {
        started.push(name);
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, ms));
        running--;
      });
    // a's follow-up work is handed in while b and c still wait or run.
    await Promise.all([task('a', 5).then(() => Promise.all([task('a1', 1), task('a2', 1)])), task('b', 20), task('c', 1)]);
    expect(peak).toBe(2);
    expect(started.slice(0, 3)).toEqual(['a', 'b', 'c']);
    expect(started.sort()).toEqual(['a', 'a1', 'a2', 'b', 'c']);
  });

  it('passes a freed slot to the work waiting for it, not to work handed in before that work wakes', async () => {
    const run = boundedRunner(1);
    let running = 0;
    let peak = 0;
    const tracked = () =>
      run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 1));
        running--;
      });
    let finishFirst!: () => void;
    const first = run(() => new Promise<void>((resolve) => (finishFirst = resolve)));
    const waiting = tracked();
    finishFirst();
    // Handed in after the first work ends but before the waiting work's turn comes round.
    const late = Promise.resolve().then(tracked);
    await Promise.all([first, waiting, late]);
    expect(peak).toBe(1);
  });

  it('frees the slot of failed work, and the failure settles only its own call', async () => {
    const run = boundedRunner(1);
    const failed = run(() => Promise.reject(new Error('boom')));
    const next = run(async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
