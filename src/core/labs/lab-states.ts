import type { AppLabState, LabGroup } from '../../shared/labs';

export const LAUNCH_PENDING: AppLabState = 'LAUNCH_PENDING';
export const LAUNCH_ERROR: AppLabState = 'LAUNCH_ERROR';
export const LAUNCH_TIMEOUT: AppLabState = 'LAUNCH_TIMEOUT';
export const SUSPEND_PENDING: AppLabState = 'SUSPEND_PENDING';
export const DELETE_PENDING: AppLabState = 'DELETE_PENDING';

const UP = new Set(['CREATE_COMPLETE', 'RESUME_COMPLETE', 'UPDATE_COMPLETE']);
const DOWN = new Set(['SUSPEND_COMPLETE', 'DELETE_COMPLETE']);
const FAILED = new Set<string>([LAUNCH_ERROR, LAUNCH_TIMEOUT]);

/**
 * The group of a state. CHECK_COMPLETE is up only when the action before the check was not a
 * suspend: a checked suspended stack is still suspended (and Heat refuses to resume it).
 */
export function labGroup(state: string, actionBeforeCheck?: string | null): LabGroup {
  if (UP.has(state)) return 'up';
  if (state === 'CHECK_COMPLETE') return actionBeforeCheck === 'SUSPEND' ? 'down' : 'up';
  if (DOWN.has(state)) return 'down';
  if (FAILED.has(state) || state.endsWith('_FAILED')) return 'failed';
  return 'pending';
}

/** Heat's status of a stack the cloud bills as running: it exists and is not suspended. */
export function isRunningStackStatus(heatStatus: string | undefined): boolean {
  return heatStatus !== undefined && !heatStatus.startsWith('SUSPEND_COMPLETE') && heatStatus !== 'DELETE_COMPLETE';
}
