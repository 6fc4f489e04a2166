import type { ApiHandlers } from '../api/dispatch';
import type { EventBus } from '../api/event-bus';
import { UserFacingError } from '../api/user-error';
import type { CohortService } from './cohort-service';

type CohortCallName = Extract<keyof ApiHandlers, `cohort.${string}`>;

/**
 * The instructor's calls. Actions and events work on the labs of the last `cohort.list` (the
 * dashboard lists before it acts); each lab is read again right before it is acted on.
 */
export function cohortHandlers(cohort: () => Promise<CohortService>, events: EventBus): Pick<ApiHandlers, CohortCallName> {
  return {
    'cohort.list': async ({ courseId, cohort: name }) => (await cohort()).list(courseId, { cohort: name }),
    'cohort.events': async ({ stackId }) => ({ stackId, events: await (await cohort()).events(stackId) }),
    'cohort.act': async ({ courseId, action, stackIds, confirm }) => {
      if (action === 'delete' && confirm !== courseId) {
        throw new UserFacingError('invalid_input', `To delete ${stackIds.length} lab(s), type the course id "${courseId}" exactly.`);
      }
      const service = await cohort();
      let labs;
      try {
        labs = service.labsById(stackIds);
      } catch (error) {
        throw new UserFacingError('invalid_input', (error as Error).message);
      }
      const results = await service.act(action, labs, (result, done, total) => events.emit('cohort.progress', { action, done, total, result }));
      return { action, results };
    },
  };
}
