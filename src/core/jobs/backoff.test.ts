import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff';

const policy = { baseMs: 1_000, capMs: 10_000, factor: 2 };

describe('retryDelay', () => {
  it('doubles the ceiling with each failed attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay(policy, attempt, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never exceeds the cap, however many attempts failed', () => {
    expect(retryDelay(policy, 5, () => 1)).toBe(10_000);
    expect(retryDelay(policy, 60, () => 1)).toBe(10_000);
  });

  it('jitters between half the ceiling and the ceiling', () => {
    expect(retryDelay(policy, 3, () => 0)).toBe(2_000);
    expect(retryDelay(policy, 3, () => 0.5)).toBe(3_000);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelay(policy, 3)));
    expect(spread.size).toBeGreaterThan(10);
    for (const delay of spread) {
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });
});
