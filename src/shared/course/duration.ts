/**
 * Durations as authors write them in course.yaml: "90s", "15m", "2h", "14d", "1h30m",
 * or a bare number of seconds. Parsed to whole seconds.
 */
const DURATION_PATTERN = /^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$/;

const SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;

/** Seconds for a duration text or number, or undefined when it is not one. */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') {
    return Number.isFinite(input) && input >= 0 && Number.isInteger(input) ? input : undefined;
  }
  const text = input.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  const [, d, h, m, s] = match;
  return Number(d ?? 0) * SECONDS.d + Number(h ?? 0) * SECONDS.h + Number(m ?? 0) * SECONDS.m + Number(s ?? 0) * SECONDS.s;
}

/** The shortest hand-written form of a number of seconds, e.g. 5400 → "1h30m". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  let rest = Math.floor(seconds);
  let out = '';
  for (const [unit, size] of Object.entries(SECONDS)) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
