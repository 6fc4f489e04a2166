import { labRunState, type LabAccess } from '../stream/lab-access';
import type { LabService } from './lab-service';

/**
 * Sessions find their lab through the lab service: connection details from the lab record and
 * the secret store, run state from the record — each first made to follow the cloud, so a terminal
 * opened (or reconnecting) on a lab an instructor suspended or deleted says so. Lazy, so the
 * context can build the sessions first.
 */
export function labServiceAccess(labs: () => LabService): LabAccess {
  return {
    resolve: async (courseId, connection) => {
      await labs().followCloud(courseId);
      return labs().connections.resolve(courseId, connection);
    },
    state: async (courseId) => labRunState(await labs().followCloud(courseId)),
  };
}
