import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './backoff';

describe('backoffDelay', () => {
  const policy = { baseMs: 100, capMs: 1000, factor: 2 };

  it('grows exponentially and never exceeds the cap', () => {
    const top = (attempt: number): number => backoffDelay(policy, attempt, () => 1);
    expect([0, 1, 2, 3, 4, 10].map(top)).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('jitters between half the ceiling and the ceiling', () => {
    expect(backoffDelay(policy, 2, () => 0)).toBe(200);
    expect(backoffDelay(policy, 2, () => 0.5)).toBe(300);
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(policy, 3)));
    for (const d of seen) {
      expect(d).toBeGreaterThanOrEqual(400);
      expect(d).toBeLessThanOrEqual(800);
    }
    expect(seen.size).toBeGreaterThan(5);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(['0'], now)).toBe(0);
  });

  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot parse', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
