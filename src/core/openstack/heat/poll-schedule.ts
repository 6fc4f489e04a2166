import type { StackEvent } from '../../../shared/openstack/stack';

/**
 * When to look at a stack again while Heat works on it. Not a fixed sleep: delays grow from
 * `firstMs` by `factor` while nothing happens, start over whenever a new event shows progress,
 * and stay under `nearCapMs` once the work looks nearly done (every resource seen starting has
 * finished, or the expected duration has mostly passed), so completion is seen promptly.
 */
export interface PollPolicy {
  readonly firstMs: number;
  readonly factor: number;
  /** Ceiling while the end is not in sight. */
  readonly farCapMs: number;
  /** Ceiling near completion. */
  readonly nearCapMs: number;
  /**
   * Near completion, the first `promptPolls` polls of a wait come every `promptMs` instead: Heat
   * finishes a small delete or resume a few hundred ms after accepting it, and a ceiling of
   * `nearCapMs` then leaves the caller waiting ~half of it after Heat is done. The budget keeps a
   * long action from polling this fast all along: at most `promptPolls` extra reads per wait, each
   * sent only once the previous answer arrived.
   */
  readonly promptMs?: number;
  readonly promptPolls?: number;
}

export const defaultPollPolicy: PollPolicy = { firstMs: 100, factor: 1.6, farCapMs: 3_000, nearCapMs: 500 };

/** Half-jittered delay: uniform in [ceiling/2, ceiling]. `prompt`: one of the wait's prompt polls. */
export function nextPollDelay(
  policy: PollPolicy,
  quietPolls: number,
  nearCompletion: boolean,
  random: () => number = Math.random,
  prompt = false,
): number {
  const cap = nearCompletion ? policy.nearCapMs : policy.farCapMs;
  const ceiling =
    prompt && nearCompletion && policy.promptMs !== undefined
      ? policy.promptMs
      : Math.min(cap, policy.firstMs * policy.factor ** quietPolls);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Counts the prompt polls one wait may still spend (PollPolicy.promptPolls). */
export class PromptPollBudget {
  private left: number;

  constructor(policy: PollPolicy) {
    this.left = policy.promptMs === undefined ? 0 : (policy.promptPolls ?? 0);
  }

  /** Whether the next poll, near completion, is a prompt one (and spends it). */
  spend(nearCompletion: boolean): boolean {
    if (!nearCompletion || this.left <= 0) return false;
    this.left--;
    return true;
  }
}

/** Reads resource events of one action to judge how close Heat is to finishing it. */
export class ProgressTracker {
  private readonly started = new Set<string>();
  private readonly finished = new Set<string>();
  /** Stack-level events of this action seen (e.g. "SUSPEND_IN_PROGRESS"). */
  readonly stackStatuses = new Set<string>();

  constructor(private readonly action: string) {}

  record(event: StackEvent): void {
    if (!event.status.startsWith(`${this.action}_`)) return;
    if (event.isStackEvent) {
      this.stackStatuses.add(event.status);
      return;
    }
    if (event.status.endsWith('_IN_PROGRESS')) this.started.add(event.resourceName);
    else this.finished.add(event.resourceName);
  }

  /** Resources seen starting that have not finished yet. */
  outstanding(): number {
    let count = 0;
    for (const name of this.started) if (!this.finished.has(name)) count++;
    return count;
  }

  /** True once some resource work was seen and none is left running. */
  nearCompletion(): boolean {
    return this.finished.size > 0 && this.outstanding() === 0;
  }
}
