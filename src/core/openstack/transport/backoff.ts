/** Capped exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"). */
export interface BackoffPolicy {
  /** Delay ceiling for the first retry, in ms. */
  readonly baseMs: number;
  /** No delay ever exceeds this. */
  readonly capMs: number;
  /** Growth factor per attempt. */
  readonly factor: number;
}

export const defaultRetryBackoff: BackoffPolicy = { baseMs: 200, capMs: 5_000, factor: 2 };

/** Delay before retry number `attempt` (0-based): uniform in [ceiling/2, ceiling], ceiling = min(cap, base·factor^attempt). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, attempt));
  // Half-jitter keeps a floor so retries never hammer a server that just said "busy".
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Parses Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
 * Returns ms to wait, or undefined when absent or unparsable.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
