import type { StackEvent } from '../../src/shared/openstack/stack';

/**
 * The tests' own reading of Heat's events, to check the app's cost against: each stack-level state
 * lasts until the next; suspended is billed as suspended, deleted not at all, anything else as
 * running. Counted from the start of `at`'s month (UTC) to `at`.
 */
export function stackStateSeconds(events: readonly StackEvent[], at: number): { running: number; suspended: number } {
  const changes = events
    .filter((e) => e.isStackEvent)
    .map((e) => ({ t: Date.parse(e.time.endsWith('Z') ? e.time : `${e.time}Z`), status: e.status }))
    .sort((a, b) => a.t - b.t);
  const monthStart = Date.UTC(new Date(at).getUTCFullYear(), new Date(at).getUTCMonth(), 1);
  let running = 0;
  let suspended = 0;
  changes.forEach((change, i) => {
    const from = Math.max(change.t, monthStart);
    const to = Math.min(changes[i + 1]?.t ?? at, at);
    if (to <= from || change.status === 'DELETE_COMPLETE') return;
    if (change.status === 'SUSPEND_COMPLETE') suspended += (to - from) / 1000;
    else running += (to - from) / 1000;
  });
  return { running, suspended };
}
