import { retryDelay, type JobBackoff } from '../jobs/backoff';

/**
 * When a dropped terminal or desktop tries again: quickly at first (a network blip), then backing off with
 * jitter, and giving up after `maxAttempts` so a dead lab does not spin for ever.
 */
export interface ReconnectSchedule extends JobBackoff {
  readonly maxAttempts: number;
}

export const defaultReconnectSchedule: ReconnectSchedule = { baseMs: 500, capMs: 15_000, factor: 2, maxAttempts: 8 };

/** The wait before attempt `attempt` (1-based), or undefined once the schedule is spent. */
export function reconnectDelay(schedule: ReconnectSchedule, attempt: number, random: () => number = Math.random): number | undefined {
  if (attempt > schedule.maxAttempts) return undefined;
  return retryDelay(schedule, attempt, random);
}
