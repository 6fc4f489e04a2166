import type { CheckRun } from '../../shared/labs/check-calls';
import type { ApiHandlers } from '../api/dispatch';
import { UserFacingError } from '../api/user-error';
import { checkHandlers } from './checks/check-handlers';
import type { LabService } from './lab-service';

type LabCallName = Extract<keyof ApiHandlers, `lab.${string}`>;

/** The lab calls of the contract: each asks the queue for a job and answers with the lab as it now stands. */
/** `onCheckRun`: told of every finished check run (the app pushes it as `lab.checked`). */
export function labHandlers(labs: () => LabService, onCheckRun?: (run: CheckRun) => void): Pick<ApiHandlers, LabCallName> {
  const act = async (type: 'lab.launch' | 'lab.resume' | 'lab.suspend', courseId: string) => {
    const service = labs();
    service.start();
    service.request(type, courseId);
    return service.view(courseId);
  };
  return {
    ...checkHandlers(labs, onCheckRun),
    'lab.view': async ({ courseId }) => labs().view(courseId),
    'lab.launch': async ({ courseId }) => act('lab.launch', courseId),
    'lab.resume': async ({ courseId }) => act('lab.resume', courseId),
    'lab.suspend': async ({ courseId }) => act('lab.suspend', courseId),
    'lab.reset': async ({ courseId, confirm }) => {
      // Reset deletes the learner's work: the UI makes them type the course id, and we check it here too.
      if (confirm !== courseId) throw new UserFacingError('invalid_input', `To reset the lab, type the course id "${courseId}" exactly.`);
      const service = labs();
      service.start();
      service.request('lab.delete', courseId);
      service.request('lab.launch', courseId);
      return service.view(courseId);
    },
  };
}
