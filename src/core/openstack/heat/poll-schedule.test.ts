import { describe, expect, it } from 'vitest';
import type { StackEvent } from '../../../shared/openstack/stack';
import { defaultPollPolicy, nextPollDelay, ProgressTracker, PromptPollBudget } from './poll-schedule';

const event = (resourceName: string, status: string, isStackEvent = false): StackEvent => ({
  id: `${resourceName}-${status}`,
  time: '2025-01-01T00:00:00Z',
  resourceName,
  status,
  statusReason: '',
  isStackEvent,
});

describe('nextPollDelay', () => {
  const policy = { firstMs: 100, factor: 2, farCapMs: 3000, nearCapMs: 500 };

  it('grows while nothing happens, up to the far cap', () => {
    const top = (n: number): number => nextPollDelay(policy, n, false, () => 1);
    expect([0, 1, 2, 3, 4, 5, 9].map(top)).toEqual([100, 200, 400, 800, 1600, 3000, 3000]);
  });

  it('never exceeds 0.5 s near completion', () => {
    for (let n = 0; n < 20; n++) expect(nextPollDelay(defaultPollPolicy, n, true)).toBeLessThanOrEqual(500);
  });

  it('is jittered, never a fixed sleep', () => {
    const delays = new Set(Array.from({ length: 40 }, () => nextPollDelay(policy, 6, true)));
    expect(delays.size).toBeGreaterThan(5);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(250);
  });
});

describe('prompt polls near completion', () => {
  const policy = { firstMs: 100, factor: 2, farCapMs: 3000, nearCapMs: 500, promptMs: 50, promptPolls: 3 };

  it('a prompt poll near completion waits at most promptMs, still jittered', () => {
    const delays = Array.from({ length: 40 }, () => nextPollDelay(policy, 9, true, Math.random, true));
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(25);
    for (const d of delays) expect(d).toBeLessThanOrEqual(50);
    expect(new Set(delays).size).toBeGreaterThan(5);
  });

  it('far from completion a prompt poll is not spent, and the usual schedule applies', () => {
    const budget = new PromptPollBudget(policy);
    expect(budget.spend(false)).toBe(false);
    expect(nextPollDelay(policy, 9, false, () => 1, budget.spend(false))).toBe(3000);
  });

  it('one wait spends at most promptPolls of them, then keeps to the near cap', () => {
    const budget = new PromptPollBudget(policy);
    const delays = Array.from({ length: 5 }, () => nextPollDelay(policy, 9, true, () => 1, budget.spend(true)));
    expect(delays).toEqual([50, 50, 50, 500, 500]);
  });

  it('a policy without promptMs has none', () => {
    expect(new PromptPollBudget(defaultPollPolicy).spend(true)).toBe(false);
  });
});

describe('ProgressTracker', () => {
  it('is near completion once every resource seen starting has finished', () => {
    const progress = new ProgressTracker('SUSPEND');
    expect(progress.nearCompletion()).toBe(false);
    progress.record(event('stack', 'SUSPEND_IN_PROGRESS', true));
    progress.record(event('a', 'SUSPEND_IN_PROGRESS'));
    progress.record(event('b', 'SUSPEND_IN_PROGRESS'));
    progress.record(event('a', 'SUSPEND_COMPLETE'));
    expect(progress.outstanding()).toBe(1);
    expect(progress.nearCompletion()).toBe(false);
    progress.record(event('b', 'SUSPEND_FAILED'));
    expect(progress.nearCompletion()).toBe(true);
    expect([...progress.stackStatuses]).toEqual(['SUSPEND_IN_PROGRESS']);
  });

  it('ignores events of other actions', () => {
    const progress = new ProgressTracker('RESUME');
    progress.record(event('a', 'SUSPEND_COMPLETE'));
    expect(progress.nearCompletion()).toBe(false);
  });
});
