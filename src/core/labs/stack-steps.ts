import type { StackEvent } from '../../shared/openstack/stack';
import type { HeatClient, Stack, StackRef } from '../openstack/heat/heat-client';
import type { PollPolicy } from '../openstack/heat/poll-schedule';
import { waitForStack, type WaitAction } from '../openstack/heat/stack-waiter';
import type { Clock } from '../time/clock';

/**
 * Labs are waited on by a learner watching a progress bar: look at Heat at least every second, and
 * every 300 ms once the work looks nearly done, so "ready" follows Heat's completion closely. The
 * first 40 reads near completion come every 50 ms: a small lab's delete or resume ends a few hundred
 * ms after Heat accepted it, and the learner (or `lab-console`) then learns it within ~50 ms instead
 * of half a 300 ms pause. That is at most ~2 s of fast reads per action, one request in flight.
 * (One desktop user's stack; the extra GETs are cheap next to the learner's wait.)
 */
export const LAB_POLL_POLICY: PollPolicy = { firstMs: 100, factor: 1.6, farCapMs: 1_000, nearCapMs: 300, promptMs: 50, promptPolls: 40 };

/** How the lab lifecycle waits on Heat (through the connection's StackOperations); the bench measures with these too. */
export interface LabWaitOptions {
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly policy: PollPolicy;
  readonly onEvent?: (event: StackEvent) => void;
}

export function labWaitOptions(signal: AbortSignal, clock: Clock): LabWaitOptions {
  return { signal, clock, policy: LAB_POLL_POLICY };
}

/**
 * A lab job's progress from Heat's resource events of one action: 10 % to 80 % as resources
 * complete (of `resourceCount` when known), with the latest event as the message.
 */
export function stackEventProgress(
  progress: (update: { fraction?: number; message: string }) => void,
  action: WaitAction,
  resourceCount: number,
): (event: StackEvent) => void {
  const finished = new Set<string>();
  return (event) => {
    if (event.isStackEvent || !event.status.startsWith(`${action}_`)) return;
    if (event.status.endsWith('_COMPLETE')) finished.add(event.resourceName);
    const total = resourceCount > 0 ? Math.max(resourceCount, finished.size) : finished.size + 1;
    progress({
      fraction: 0.1 + 0.7 * (finished.size / total),
      message: `${event.resourceName}: ${event.status}${event.statusReason ? ` (${event.statusReason})` : ''}`,
    });
  };
}

/** Waits out whatever Heat is doing to the stack now; undefined once it is gone. */
export async function waitOutInProgress(heat: HeatClient, stack: Stack, options: LabWaitOptions): Promise<Stack | undefined> {
  const action = stack.action as WaitAction;
  try {
    const done = await waitForStack(heat, stack.ref, { ...options, action });
    return done && done.status !== 'DELETE_COMPLETE' ? done : undefined;
  } catch (error) {
    // The action ended badly: the caller decides from the stack's state what to do about it.
    if ((error as { name?: string }).name === 'AbortError' || options.signal.aborted) throw error;
    const now = await heat.find(stack.ref, options.signal);
    return now && now.status !== 'DELETE_COMPLETE' ? now : undefined;
  }
}

/** A stack by id, treating Heat's DELETE_COMPLETE answer as gone. */
export async function findLive(heat: HeatClient, ref: StackRef | string, signal: AbortSignal): Promise<Stack | undefined> {
  const stack = await heat.find(ref, signal);
  return stack && stack.status !== 'DELETE_COMPLETE' ? stack : undefined;
}
