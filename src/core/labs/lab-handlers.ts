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
    'lab.view': async ({ courseId }) => {
      const service = labs();
      // Answer with the record now; if the cloud says otherwise (an instructor suspended the lab),
      // the record follows and the screen hears it as lab.changed.
      void service.followCloud(courseId);
      return service.view(courseId);
    },
    'lab.cost': ({ courseId }) => labs().cost(courseId),
    'lab.launch': async ({ courseId }) => act('lab.launch', courseId),
    'lab.resume': async ({ courseId }) => act('lab.resume', courseId),
    'lab.suspend': async ({ courseId }) => act('lab.suspend', courseId),
    'lab.extend': async ({ courseId }) => {
      const service = labs();
      const lab = service.store.latestForCourse(courseId);
      if (!lab) throw new UserFacingError('invalid_input', { key: 'lab.extend.noLab' });
      service.policies.extend(courseId, lab.userId);
      return service.view(courseId);
    },
    'lab.cancel': async ({ courseId }) => labs().cancel(courseId),
    'lab.reset': async ({ courseId, confirm }) => {
      // Reset deletes the learner's work: the UI makes them type the course id, and we check it here too.
      if (confirm !== courseId) throw new UserFacingError('invalid_input', { key: 'lab.reset.confirm', params: { courseId } });
      const service = labs();
      // Nothing is deleted unless both clouds involved (the lab's, the new lab's) take our login now.
      await service.proveReset(courseId);
      service.start();
      service.request('lab.delete', courseId);
      service.request('lab.launch', courseId);
      return service.view(courseId);
    },
  };
}
