import type { ApiHandlers } from '../api/dispatch';
import type { EventBus } from '../api/event-bus';
import { UserFacingError } from '../api/user-error';
import type { LiveSessions } from '../stream/live-sessions';
import type { CohortSelector } from './cohort-projects';
import type { CohortService } from './cohort-service';
import { openWatchTerminal } from './cohort-watch';

type CohortCallName = Extract<keyof ApiHandlers, `cohort.${string}`>;

/**
 * The instructor's calls. Actions and events work on the labs of the last `cohort.list` (the
 * dashboard lists before it acts); each lab is read again right before it is acted on.
 */
export function cohortHandlers(
  cohort: () => Promise<CohortService>,
  events: EventBus,
  /** The learner projects to read, from Settings › Instructor; a call's own cohort wins. */
  selector: (cohort: string | undefined) => CohortSelector,
  sessions?: LiveSessions,
): Pick<ApiHandlers, CohortCallName> {
  const known = async (stackIds: readonly string[]) => {
    const service = await cohort();
    try {
      return { service, labs: service.labsById(stackIds) };
    } catch (error) {
      throw new UserFacingError('invalid_input', (error as Error).message);
    }
  };
  return {
    'cohort.list': async ({ courseId, cohort: name }) =>
      (await cohort()).list(courseId, selector(name), undefined, { onStates: (partial) => events.emit('cohort.listed', partial) }),
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
      const results = await service.act(action, labs, (result, done, total) =>
        events.emit('cohort.progress', { action, done, total, result }),
      );
      return { action, results };
    },
    'cohort.check': async ({ stackIds }) => {
      const { service, labs } = await known(stackIds);
      const results = await service.check(labs, (result, done, total) => events.emit('cohort.checkProgress', { done, total, result }));
      return { results };
    },
    'cohort.watch': async (input) => {
      if (!sessions) throw new UserFacingError('unavailable', 'Terminals are not available here.');
      const { service, labs } = await known([input.stackId]);
      return openWatchTerminal(sessions, labs[0]!, service.manifest(input.courseId), input);
    },
  };
}
