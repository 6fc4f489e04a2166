import type { StackEvent } from '../../../shared/openstack/stack';
import type { HeatClient, Stack, StackRef } from './heat-client';
import type { CreateStackInput, UpdateStackInput } from './requests';
import { waitForStack, type WaitOptions } from './stack-waiter';

/** What a caller may pass to the waits below. */
export type ProgressOptions = Omit<WaitOptions, 'action' | 'marker' | 'before'> & {
  readonly onEvent?: (event: StackEvent) => void;
};

/**
 * Start an action and wait for Heat to finish it. Before an action on an existing stack the newest
 * event and the current status are read (in parallel), so only this action's events are reported
 * and a previous identical end state is not mistaken for this one.
 */
export class StackOperations {
  constructor(readonly heat: HeatClient) {}

  async create(input: CreateStackInput, options: ProgressOptions = {}): Promise<Stack> {
    const ref = await this.heat.create(input, options.signal);
    return (await waitForStack(this.heat, ref, { ...options, action: 'CREATE' }))!;
  }

  suspend(ref: StackRef, options: ProgressOptions = {}): Promise<Stack> {
    return this.run(ref, 'SUSPEND', () => this.heat.suspend(ref, options.signal), options) as Promise<Stack>;
  }

  resume(ref: StackRef, options: ProgressOptions = {}): Promise<Stack> {
    return this.run(ref, 'RESUME', () => this.heat.resume(ref, options.signal), options) as Promise<Stack>;
  }

  check(ref: StackRef, options: ProgressOptions = {}): Promise<Stack> {
    return this.run(ref, 'CHECK', () => this.heat.check(ref, options.signal), options) as Promise<Stack>;
  }

  update(ref: StackRef, input: UpdateStackInput, options: ProgressOptions = {}): Promise<Stack> {
    return this.run(ref, 'UPDATE', () => this.heat.update(ref, input, options.signal), options) as Promise<Stack>;
  }

  async delete(ref: StackRef, options: ProgressOptions = {}): Promise<void> {
    await this.run(ref, 'DELETE', () => this.heat.delete(ref, options.signal), options);
  }

  private async run(
    ref: StackRef,
    action: WaitOptions['action'],
    start: () => Promise<void>,
    options: ProgressOptions,
  ): Promise<Stack | undefined> {
    const [marker, current] = await Promise.all([
      this.heat.latestEventId(ref, options.signal).catch(() => undefined),
      this.heat.find(ref, options.signal),
    ]);
    if (action === 'DELETE' && (!current || current.status === 'DELETE_COMPLETE')) return undefined;
    await start();
    return waitForStack(this.heat, ref, {
      ...options,
      action,
      marker,
      before: current ? { status: current.status, updatedAt: current.updatedAt } : undefined,
    });
  }
}
