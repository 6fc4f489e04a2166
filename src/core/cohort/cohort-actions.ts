import type { CohortAction, CohortActResult } from '../../shared/cohort/cohort-lab';
import { mapBounded } from '../courses/bounded-parallel';
import { HeatError } from '../openstack/errors';
import { learnerOf, type FoundLab } from './cohort-scan';
import { groupOf } from './cohort-rows';

/**
 * Whether `action` still applies to a stack in `status` (read again right before acting): two
 * instructors, or the reaper and an instructor, may act on the same lab at once.
 */
export function actionApplies(action: CohortAction, status: string, group: string): { ok: true } | { ok: false; why: string } {
  if (status.endsWith('_IN_PROGRESS')) return { ok: false, why: `${status}: Heat is already working on it` };
  switch (action) {
    case 'suspend':
      return group === 'up' || status === 'SUSPEND_FAILED' || status === 'RESUME_FAILED'
        ? { ok: true }
        : { ok: false, why: `${status}: not running` };
    case 'resume':
      return status === 'SUSPEND_COMPLETE' || (status === 'CHECK_COMPLETE' && group === 'down')
        ? status === 'CHECK_COMPLETE'
          ? { ok: false, why: 'CHECK_COMPLETE after a suspend: Heat refuses to resume a checked suspended stack' }
          : { ok: true }
        : { ok: false, why: `${status}: not suspended` };
    case 'delete':
      return status === 'DELETE_COMPLETE' ? { ok: false, why: 'already deleted' } : { ok: true };
  }
}

/** Heat's "someone else is already on it": 409 (ActionInProgress, StackResourceUnavailable …). */
export function isAlreadyHandled(error: unknown): boolean {
  return error instanceof HeatError && error.status === 409;
}

/** One lab: look again, then act; never throws, the outcome says what happened. */
export async function actOnLab(lab: FoundLab, action: CohortAction, signal?: AbortSignal): Promise<CohortActResult> {
  const ref = { name: lab.summary.name, id: lab.summary.id };
  const base = { stackId: ref.id, stackName: ref.name, learner: learnerOf(lab) };
  try {
    const fresh = await lab.heat.find(ref, signal);
    if (!fresh || fresh.status === 'DELETE_COMPLETE') return { ...base, outcome: 'skipped', message: 'already deleted' };
    const applies = actionApplies(
      action,
      fresh.status,
      groupOf({ summary: { ...lab.summary, status: fresh.status }, timeline: lab.timeline }),
    );
    if (!applies.ok) return { ...base, outcome: 'skipped', message: applies.why };
    if (action === 'suspend') await lab.heat.suspend(ref, signal);
    else if (action === 'resume') await lab.heat.resume(ref, signal);
    else await lab.heat.delete(ref, signal);
    return { ...base, outcome: 'done', message: `${action} accepted by Heat (was ${fresh.status})` };
  } catch (error) {
    if (isAlreadyHandled(error)) return { ...base, outcome: 'skipped', message: `already being handled: ${(error as Error).message}` };
    return { ...base, outcome: 'failed', message: (error as Error).message };
  }
}

/** Acts on many labs, `concurrency` at a time, reporting each result as it comes. */
export async function actOnLabs(
  labs: readonly FoundLab[],
  action: CohortAction,
  options: { concurrency: number; onResult?: (result: CohortActResult, done: number, total: number) => void; signal?: AbortSignal },
): Promise<CohortActResult[]> {
  let done = 0;
  return mapBounded(labs, options.concurrency, async (lab) => {
    const result = await actOnLab(lab, action, options.signal);
    done++;
    options.onResult?.(result, done, labs.length);
    return result;
  });
}
