import { describe, expect, it } from 'vitest';
import { activeSecondsIn, activityLine, parseActivity, wasteRatio } from './lab-activity';

const T = 1_780_000_000; // Unix seconds

describe('lab activity file', () => {
  it('keeps the union of rewritten and overlapping intervals', () => {
    const text = [activityLine({ start: T, end: T + 60 }), activityLine({ start: T, end: T + 300 }), `${T + 200} ${T + 400}`].join('\n');
    expect(parseActivity(text)).toEqual([{ start: T, end: T + 400 }]);
  });

  it('skips lines a learner could forge into nonsense: reversed, over a week, not numbers', () => {
    const text = [`${T + 10} ${T}`, `${T} ${T + 8 * 24 * 3600}`, 'rm -rf /', `${T} ${T + 30} extra`, '', `${T + 100} ${T + 130}`].join(
      '\n',
    );
    expect(parseActivity(text)).toEqual([{ start: T + 100, end: T + 130 }]);
  });

  it('counts the seconds inside a window only', () => {
    const intervals = parseActivity(`${T} ${T + 600}\n${T + 1200} ${T + 1800}`);
    expect(activeSecondsIn(intervals, (T + 300) * 1000, (T + 1500) * 1000)).toBe(600);
  });

  it('has no waste ratio without known activity, never a division by zero', () => {
    expect(wasteRatio(3600, null)).toBeNull();
    expect(wasteRatio(3600, 0)).toBeNull();
    expect(wasteRatio(7200, 1800)).toBe(4);
  });
});
