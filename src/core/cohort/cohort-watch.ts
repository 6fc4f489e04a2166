import type { CallOutput, ParsedInput } from '../../shared/contract';
import type { CourseManifest } from '../../shared/course/course-manifest';
import { UserFacingError } from '../api/user-error';
import type { LabAccess, LabRunState } from '../stream/lab-access';
import type { LiveSessions } from '../stream/live-sessions';
import { groupOf } from './cohort-rows';
import type { FoundLab } from './cohort-scan';
import { sshConnectionOf, targetFromOutputs } from './cohort-connections';

/**
 * A live session's view of one learner's lab, read from the cloud each time (the instructor
 * keeps no lab record): connection details from the stack's outputs, run state from its status.
 */
export function cohortLabAccess(lab: FoundLab, manifest: CourseManifest): LabAccess {
  const ref = { name: lab.summary.name, id: lab.summary.id };
  const runState = async (): Promise<{ state: LabRunState; status: string }> => {
    const fresh = await lab.heat.find(ref);
    if (!fresh) return { state: 'other', status: 'DELETE_COMPLETE' };
    if (fresh.status === 'SUSPEND_COMPLETE') return { state: 'suspended', status: fresh.status };
    const group = groupOf({ summary: { ...lab.summary, status: fresh.status }, timeline: lab.timeline });
    return { state: group === 'up' ? 'up' : 'other', status: fresh.status };
  };
  return {
    state: async () => (await runState()).state,
    resolve: async (_courseId, connection) => {
      const { state, status } = await runState();
      if (state !== 'up') throw new UserFacingError('unavailable', `The lab of ${lab.project.name} is not running (${status}).`);
      return targetFromOutputs(manifest, connection, await lab.heat.outputs(ref), lab.summary.id);
    },
  };
}

/** `cohort.watch`: a read-only terminal into a learner's lab, among the instructor's own live sessions. */
export function openWatchTerminal(
  sessions: LiveSessions,
  lab: FoundLab,
  manifest: CourseManifest,
  input: ParsedInput<'cohort.watch'>,
): CallOutput<'cohort.watch'> {
  const connection = sshConnectionOf(manifest, input.connection).name;
  const { sessionId } = sessions.open(
    { kind: 'terminal', courseId: lab.identity.courseId, connection, cols: input.cols, rows: input.rows },
    { labs: cohortLabAccess(lab, manifest), readOnly: true },
  );
  return { sessionId, connection };
}
