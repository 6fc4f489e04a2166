import type { StackEvent } from '../../../shared/openstack/stack';
import type { HeatClient, Stack, StackRef } from './heat-client';
import type { CreateStackInput, UpdateStackInput } from './requests';
import { readsEvents, waitForStack, type WaitOptions } from './stack-waiter';

/** What a caller may pass to the actions below. */
export type ProgressOptions = Omit<WaitOptions, 'action' | 'marker' | 'before'> & {
  readonly onEvent?: (event: StackEvent) => void;
  /**
   * Called right after Heat accepted the request, before the wait: the lab lifecycle persists the
   * stack's id and sets its crash points here.
   */
  readonly afterPost?: (ref: StackRef) => void;
};

/** What is read of a stack before an action on it. */
interface Before {
  readonly current: Stack | undefined;
  readonly since: Pick<WaitOptions, 'marker' | 'before'>;
}

/**
 * Start an action and wait for Heat to finish it: the one way the app acts on a stack. Before an
 * action on an existing stack the newest event and the current status are read (in parallel), so
 * only this action's events are reported and a previous identical end state is not mistaken for
 * this one.
 */
export class StackOperations {
  constructor(readonly heat: HeatClient) {}

  async create(input: CreateStackInput, options: ProgressOptions = {}): Promise<Stack> {
    const ref = await this.heat.create(input, options.signal);
    options.afterPost?.(ref);
    return waitForStack(this.heat, ref, { ...options, action: 'CREATE' });
  }

  suspend(ref: StackRef, options: ProgressOptions = {}): Promise<Stack> {
    return this.run(ref, 'SUSPEND', () => this.heat.suspend(ref, options.signal), options);
  }

  resume(ref: StackRef, options: ProgressOptions = {}): Promise<Stack> {
    return this.run(ref, 'RESUME', () => this.heat.resume(ref, options.signal), options);
  }

  check(ref: StackRef, options: ProgressOptions = {}): Promise<Stack> {
    return this.run(ref, 'CHECK', () => this.heat.check(ref, options.signal), options);
  }

  update(ref: StackRef, input: UpdateStackInput, options: ProgressOptions = {}): Promise<Stack> {
    return this.run(ref, 'UPDATE', () => this.heat.update(ref, input, options.signal), options);
  }

  /**
   * Waits until the stack is gone; nothing to do when it is gone already. Given the stack as the
   * caller has just read it, that answer is the state before the delete (no second lookup); given
   * its ref, the stack is read first. Its newest event is read only when the wait reads events.
   */
  async delete(stack: StackRef | Stack, options: ProgressOptions = {}): Promise<void> {
    const read = 'status' in stack ? stack : await this.heat.find(stack, options.signal);
    if (!read || read.status === 'DELETE_COMPLETE') return;
    const { ref } = read;
    const before = { status: read.status, updatedAt: read.updatedAt };
    const wait = { ...options, action: 'DELETE', before } as const;
    const marker = readsEvents(wait) ? await this.latestEventId(ref, options.signal) : undefined;
    await this.heat.delete(ref, options.signal);
    options.afterPost?.(ref);
    await waitForStack(this.heat, ref, { ...wait, marker });
  }

  private async run(
    ref: StackRef,
    action: 'SUSPEND' | 'RESUME' | 'CHECK' | 'UPDATE',
    send: () => Promise<void>,
    options: ProgressOptions,
  ): Promise<Stack> {
    const { since } = await this.before(ref, options.signal);
    await send();
    options.afterPost?.(ref);
    return waitForStack(this.heat, ref, { ...options, action, ...since });
  }

  /** The marker of a wait; without one (Heat could not list the events) every event is new. */
  private latestEventId(ref: StackRef, signal: AbortSignal | undefined): Promise<string | undefined> {
    return this.heat.latestEventId(ref, signal).catch(() => undefined);
  }

  private async before(ref: StackRef, signal: AbortSignal | undefined): Promise<Before> {
    const [marker, current] = await Promise.all([this.latestEventId(ref, signal), this.heat.find(ref, signal)]);
    return { current, since: { marker, before: current ? { status: current.status, updatedAt: current.updatedAt } : undefined } };
  }
}
