import type { LabStatus } from '../../shared/labs';
import type { LabConnectionTarget } from '../connect/connection-target';

/** `up`: running and answering; `suspended`: down on purpose (offer Resume); `other`: launching, failed, gone. */
export type LabRunState = 'up' | 'suspended' | 'other';

/**
 * What a live session needs of the lab lifecycle, kept small so that sessions do not depend on
 * how labs are stored: where a course's connection lives (from the stack's outputs) and whether
 * the lab is up or suspended. The learner's own labs by default; the instructor's read-only
 * viewer brings its own (a learner's lab, read from the cloud).
 */
export interface LabAccess {
  /** Throws a UserFacingError (e.g. "no lab running: press Launch") when it cannot. */
  resolve(courseId: string, connection: string): Promise<LabConnectionTarget>;
  state(courseId: string): Promise<LabRunState>;
}

/**
 * The lab's run state from its record (kept current by the lifecycle's jobs). SUSPEND_PENDING and
 * SUSPEND_IN_PROGRESS count as suspended too: the machine is going away and Resume is the way back.
 */
export function labRunState(lab: Pick<LabStatus, 'state' | 'group' | 'ready'> | undefined): LabRunState {
  if (!lab) return 'other';
  if (lab.state.startsWith('SUSPEND_') && !lab.state.endsWith('_FAILED')) return 'suspended';
  if (lab.group === 'up' && lab.ready) return 'up';
  return 'other';
}
