import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it('reads the hand-written forms as seconds', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('2h')).toBe(7200);
    expect(parseDuration('14d')).toBe(1_209_600);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('1d 2h')).toBe(93_600);
    expect(parseDuration('45')).toBe(45);
    expect(parseDuration(600)).toBe(600);
  });

  it('rejects what is not a duration', () => {
    for (const bad of ['', 'soon', '15 minutes', '1.5h', 'm', '-5m', '2m1h']) expect(parseDuration(bad)).toBeUndefined();
    expect(parseDuration(1.5)).toBeUndefined();
    expect(parseDuration(-1)).toBeUndefined();
  });

  it('formats seconds back to the shortest form', () => {
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(1_209_600)).toBe('14d');
    expect(formatDuration(0)).toBe('0s');
    expect(parseDuration(formatDuration(93_661))).toBe(93_661);
  });
});
