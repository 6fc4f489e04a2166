import type { StackEvent } from '../../shared/openstack/stack';
import type { HeatClient, Stack, StackRef } from '../openstack/heat/heat-client';
import { waitForStack, type WaitAction } from '../openstack/heat/stack-waiter';
import type { PollPolicy } from '../openstack/heat/poll-schedule';
import type { Clock } from '../time/clock';

/**
 * Labs are waited on by a learner watching a progress bar: look at Heat at least every second, and
 * every 300 ms once the work looks nearly done, so "ready" follows Heat's completion closely.
 * (One desktop user's stack; the extra GETs are cheap next to the learner's wait.)
 */
export const LAB_POLL_POLICY: PollPolicy = { firstMs: 100, factor: 1.6, farCapMs: 1_000, nearCapMs: 300 };

export interface StepOptions {
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly onEvent?: (event: StackEvent) => void;
  /** Called right after Heat accepted the request: crash points sit here. */
  readonly afterPost?: () => void;
}

/**
 * One stack action in two persisted halves: the POST, then the wait. The newest event and the
 * status before the POST are read first so the wait neither reports old events nor mistakes an
 * earlier identical end state for this one.
 */
export async function runStackAction(heat: HeatClient, ref: StackRef, action: 'SUSPEND' | 'RESUME' | 'DELETE', options: StepOptions): Promise<Stack | undefined> {
  const [marker, current] = await Promise.all([heat.latestEventId(ref, options.signal).catch(() => undefined), heat.find(ref, options.signal)]);
  if (action === 'DELETE' && (!current || current.status === 'DELETE_COMPLETE')) return undefined;
  if (action === 'SUSPEND') await heat.suspend(ref, options.signal);
  else if (action === 'RESUME') await heat.resume(ref, options.signal);
  else await heat.delete(ref, options.signal);
  options.afterPost?.();
  return waitForStack(heat, ref, {
    action,
    marker,
    before: current ? { status: current.status, updatedAt: current.updatedAt } : undefined,
    signal: options.signal,
    clock: options.clock,
    onEvent: options.onEvent,
    policy: LAB_POLL_POLICY,
  });
}

/** Waits out whatever Heat is doing to the stack now; undefined once it is gone. */
export async function waitOutInProgress(heat: HeatClient, stack: Stack, options: StepOptions): Promise<Stack | undefined> {
  const action = stack.action as WaitAction;
  try {
    const done = await waitForStack(heat, stack.ref, { action, signal: options.signal, clock: options.clock, onEvent: options.onEvent, policy: LAB_POLL_POLICY });
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
