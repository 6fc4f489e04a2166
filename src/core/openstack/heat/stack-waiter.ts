import type { StackEvent } from '../../../shared/openstack/stack';
import { systemClock, type Clock } from '../../time/clock';
import { StackActionFailedError, StackWaitTimeoutError } from '../errors';
import type { HeatClient, Stack, StackRef } from './heat-client';
import { isNotFound } from './heat-errors';
import { defaultPollPolicy, nextPollDelay, ProgressTracker, PromptPollBudget, type PollPolicy } from './poll-schedule';

export type WaitAction = 'CREATE' | 'UPDATE' | 'SUSPEND' | 'RESUME' | 'CHECK' | 'DELETE';

export interface WaitOptions {
  readonly action: WaitAction;
  /** Report only events after this one (the newest event before the action started). */
  readonly marker?: string;
  /**
   * The stack's status and updated time before the action: an end state equal to it is not taken
   * for this action's end unless Heat shows the action started (e.g. a second CHECK).
   */
  readonly before?: { readonly status: string; readonly updatedAt?: string };
  readonly onEvent?: (event: StackEvent) => void;
  readonly onStatus?: (stack: Stack) => void;
  readonly signal?: AbortSignal;
  /** Give up (StackWaitTimeoutError) after this long; Heat keeps working. */
  readonly timeoutMs?: number;
  /** How long this usually takes; the poll tightens as it nears. */
  readonly expectedMs?: number;
  readonly policy?: PollPolicy;
  readonly clock?: Clock;
  readonly random?: () => number;
}

/**
 * Whether waiting for this action reads the stack's events at each poll. A delete ends when the
 * stack is gone, which the stack alone shows: its events are read only for a listener, or when
 * the stack already carries a delete's state (a retried delete), since only the events then tell
 * this delete's end from the earlier one's. Every other action reads them: they pace the polls
 * (see ProgressTracker) and tell a repeated end state (a second CHECK) from the one before.
 */
export function readsEvents(options: Pick<WaitOptions, 'action' | 'before' | 'onEvent'>): boolean {
  if (options.action !== 'DELETE' || options.onEvent) return true;
  return options.before === undefined || options.before.status.startsWith('DELETE_');
}

/**
 * Waits for Heat to finish an action on a stack, reading the stack and its new events at each poll
 * (both at once, when readsEvents) and reporting events as they come. Without events nothing shows
 * how far Heat has got: the polls then keep to the policy's near-completion ceiling, as one
 * request each. Resolves with the final stack (undefined for a
 * delete); rejects with StackActionFailedError carrying Heat's status_reason on *_FAILED or a
 * rollback; honours the AbortSignal.
 */
export function waitForStack(heat: HeatClient, ref: StackRef, options: WaitOptions & { readonly action: 'DELETE' }): Promise<undefined>;
export function waitForStack(
  heat: HeatClient,
  ref: StackRef,
  options: WaitOptions & { readonly action: Exclude<WaitAction, 'DELETE'> },
): Promise<Stack>;
export function waitForStack(heat: HeatClient, ref: StackRef, options: WaitOptions): Promise<Stack | undefined>;
export async function waitForStack(heat: HeatClient, ref: StackRef, options: WaitOptions): Promise<Stack | undefined> {
  const clock = options.clock ?? systemClock;
  const policy = options.policy ?? defaultPollPolicy;
  const progress = new ProgressTracker(options.action);
  const prompt = new PromptPollBudget(policy);
  const started = clock.now();
  let marker = options.marker;
  let quietPolls = 0;
  let lastStatus = options.before?.status ?? 'unknown';
  const withEvents = readsEvents(options);

  for (;;) {
    options.signal?.throwIfAborted();
    const [stack, events] = await Promise.all([
      heat.find(ref, options.signal),
      withEvents
        ? heat.events(ref, { marker, signal: options.signal }).catch((error: unknown) => {
            // A stack just deleted may have no events to list any more.
            if (isNotFound(error)) return [] as StackEvent[];
            throw error;
          })
        : ([] as StackEvent[]),
    ]);
    for (const event of events) {
      marker = event.id;
      progress.record(event);
      options.onEvent?.(event);
    }
    quietPolls = events.length > 0 ? 0 : quietPolls + 1;

    if (options.action === 'DELETE') {
      if (!stack || stack.status === 'DELETE_COMPLETE') return undefined;
    } else if (!stack) {
      throw new StackActionFailedError(ref.name, 'a missing stack', 'the stack disappeared while Lab Console waited for it');
    }
    if (stack) {
      lastStatus = stack.status;
      options.onStatus?.(stack);
      const ended = endOf(stack, options, progress);
      if (ended === 'complete') return stack;
      if (ended === 'failed') throw new StackActionFailedError(stack.ref.name, stack.status, stack.statusReason);
    }

    const elapsed = clock.now() - started;
    if (options.timeoutMs !== undefined && elapsed >= options.timeoutMs) {
      throw new StackWaitTimeoutError(ref.name, lastStatus, elapsed);
    }
    const near = !withEvents || progress.nearCompletion() || (options.expectedMs !== undefined && elapsed >= 0.8 * options.expectedMs);
    let delay = nextPollDelay(policy, quietPolls, near, options.random, prompt.spend(near));
    if (options.timeoutMs !== undefined) delay = Math.min(delay, Math.max(0, options.timeoutMs - elapsed));
    await clock.sleep(delay, options.signal);
  }
}

function endOf(stack: Stack, options: WaitOptions, progress: ProgressTracker): 'complete' | 'failed' | undefined {
  const { action } = options;
  if (stack.statusPart === 'IN_PROGRESS') return undefined;
  // A create that failed and rolled back, or a failed update rolled back, ends in ROLLBACK_*.
  if (stack.action === 'ROLLBACK' && (action === 'CREATE' || action === 'UPDATE')) return 'failed';
  if (stack.action !== action) return undefined;
  const before = options.before;
  const fresh = !before || before.status !== stack.status || before.updatedAt !== stack.updatedAt || progress.stackStatuses.size > 0;
  if (!fresh) return undefined;
  return stack.statusPart === 'COMPLETE' ? 'complete' : 'failed';
}
