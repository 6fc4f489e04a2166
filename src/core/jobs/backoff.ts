/** Delay before the next attempt of a failed job: capped exponential with jitter. */
export interface JobBackoff {
  /** Ceiling of the delay after the first failed attempt, in ms. */
  readonly baseMs: number;
  /** No delay ever exceeds this. */
  readonly capMs: number;
  readonly factor: number;
}

export const defaultJobBackoff: JobBackoff = { baseMs: 2_000, capMs: 5 * 60_000, factor: 2 };

/**
 * Delay after failed attempt number `attempt` (1-based): uniform in [ceiling/2, ceiling], with
 * ceiling = min(cap, base·factor^(attempt-1)). The half floor keeps a retry from hammering a cloud
 * that just failed; the jitter spreads the retries of many labs that failed together.
 */
export function retryDelay(policy: JobBackoff, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
