import { abortableSleep, type Clock } from './clock';

/**
 * A real clock that runs `factor` times faster: every wait (retry backoff, polls, leases, timeouts)
 * keeps its length and order as the code under test sees them, but passes in a fraction of the
 * real time. For tests through a whole composition root, where a manual clock would need every
 * sleeper driven by hand.
 */
export function scaledClock(factor: number): Clock {
  const startReal = Date.now();
  return {
    now: () => startReal + (Date.now() - startReal) * factor,
    sleep: (ms, signal) => abortableSleep(ms / factor, signal),
  };
}
