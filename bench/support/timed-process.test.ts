import { describe, expect, it } from 'vitest';
import { coveredMs, serverTimeOf } from './timed-process';

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

describe('where a process spent the time it did not wait on a server', () => {
  const http = (at: number, headersMs: number, doneMs: number) => ({ kind: 'http' as const, at, headersMs, doneMs });

  it('splits its life into its start, the time between exchanges with none under way, and the time after the last', () => {
    const time = serverTimeOf([
      http(120, 20, 25),
      http(150, 40, 60),
      http(160, 10, 12),
      // Nothing under way from 210 to 230: the process was busy with the answers.
      http(230, 50, 70),
      { kind: 'exit', at: 340 },
    ]);
    expect(time).toEqual({ ms: 20 + 40 + 50, requests: 4, beforeFirstMs: 120, idleMs: 5 + 20, afterLastMs: 40 });
  });

  it('counts a body still arriving as under way, though the server time ends at its headers', () => {
    const time = serverTimeOf([http(0, 10, 100), http(50, 10, 20), { kind: 'exit', at: 100 }]);
    expect(time).toMatchObject({ ms: 20, idleMs: 0, afterLastMs: 0 });
  });

  it('has no split without requests, and no time after the last when the process did not say it exited', () => {
    expect(serverTimeOf([{ kind: 'exit', at: 10 }])).toEqual({ ms: 0, requests: 0 });
    expect(serverTimeOf([http(5, 1, 2)])).toEqual({ ms: 1, requests: 1, beforeFirstMs: 5, idleMs: 0 });
  });
});
