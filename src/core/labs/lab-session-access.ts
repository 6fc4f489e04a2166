import { labRunState, type LabAccess } from '../stream/lab-access';
import type { LabService } from './lab-service';

/**
 * Sessions find their lab through the lab service: connection details from the lab record and
 * the secret store, run state from the record. Lazy, so the context can build the sessions first.
 */
export function labServiceAccess(labs: () => LabService): LabAccess {
  return {
    resolve: (courseId, connection) => labs().connections.resolve(courseId, connection),
    state: async (courseId) => labRunState(labs().store.latestForCourse(courseId)),
  };
}
