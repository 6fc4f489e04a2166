import type { LabStatus } from '../../shared/labs';
import type { LabRunState, LabStateProbe } from './lab-terminal-target';

/**
 * The lab's run state from its record (kept current by the lifecycle's jobs). SUSPEND_PENDING and
 * SUSPEND_IN_PROGRESS count as suspended too: the machine is going away and Resume is the way back.
 */
export function labRecordProbe(latest: (courseId: string) => Pick<LabStatus, 'state' | 'group' | 'ready'> | undefined): LabStateProbe {
  return {
    async state(courseId): Promise<LabRunState> {
      const lab = latest(courseId);
      if (!lab) return 'other';
      if (lab.state.startsWith('SUSPEND_') && !lab.state.endsWith('_FAILED')) return 'suspended';
      if (lab.group === 'up' && lab.ready) return 'up';
      return 'other';
    },
  };
}
