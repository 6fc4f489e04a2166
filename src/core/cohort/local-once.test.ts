import { describe, expect, it } from 'vitest';
import { LocalOnce } from './local-once';

describe('LocalOnce', () => {
  it('gives a value given as is, with nothing pending', () => {
    const once = new LocalOnce({ name: 'given' });
    expect(once.pending).toBe(false);
    expect(once.get()).toEqual({ name: 'given' });
  });

  it('calls a function once, early with tryMake or at the first get', () => {
    let calls = 0;
    const early = new LocalOnce(() => ++calls);
    early.tryMake();
    expect(early.pending).toBe(false);
    expect([early.get(), early.get(), calls]).toEqual([1, 1, 1]);
    const late = new LocalOnce(() => ++calls);
    expect(late.pending).toBe(true);
    expect([late.get(), late.get(), calls]).toEqual([2, 2, 2]);
  });

  it('keeps what the function threw when made early, and throws it at each get', () => {
    let calls = 0;
    const once = new LocalOnce<number>(() => {
      calls++;
      throw new Error('the store is locked');
    });
    expect(() => once.tryMake()).not.toThrow();
    expect(() => once.get()).toThrow('the store is locked');
    expect(() => once.get()).toThrow('the store is locked');
    expect(calls).toBe(1);
  });
});
