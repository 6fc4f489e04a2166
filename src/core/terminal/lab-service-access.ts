import type { LabService } from '../labs/lab-service';
import type { TerminalLabAccess } from './create-terminal-sessions';
import { labRecordProbe } from './lab-record-probe';

/**
 * Terminals find their lab through the lab service: connection details from the lab record and
 * the secret store, run state from the record. Lazy, so the context can build the terminals first.
 */
export function labServiceTerminalAccess(labs: () => LabService): TerminalLabAccess {
  return {
    resolver: { resolve: (courseId, connection) => labs().connections.resolve(courseId, connection) },
    labState: labRecordProbe((courseId) => labs().store.latestForCourse(courseId)),
  };
}
