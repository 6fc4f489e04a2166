import { describe, expect, it } from 'vitest';
import { coveredMs } from './timed-process';

describe('server time of a process', () => {
  it('adds requests made one after the other and counts overlapping ones once', () => {
    expect(coveredMs([])).toBe(0);
    expect(
      coveredMs([
        [0, 10],
        [20, 25],
      ]),
    ).toBe(15);
    expect(
      coveredMs([
        [0, 10],
        [5, 12],
        [11, 13],
        [30, 31],
      ]),
    ).toBe(14);
    expect(
      coveredMs([
        [5, 12],
        [0, 20],
      ]),
    ).toBe(20);
  });
});
