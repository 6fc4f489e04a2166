import type { ApiHandlers } from '../api/dispatch';
import { UserFacingError } from '../api/user-error';
import type { AssistNotices } from '../stream/assist-notices';
import { openAssist, type AssistDeps } from './cohort-assist';
import type { CohortService } from './cohort-service';

type AssistCallName = Extract<keyof ApiHandlers, `assist.${string}`>;

/** Assisting a learner: the instructor's shell and log, and the learner's notice. */
export function assistHandlers(
  cohort: () => Promise<CohortService>,
  deps: Omit<AssistDeps, 'sessions'> & { readonly sessions?: AssistDeps['sessions']; readonly notices?: AssistNotices },
): Pick<ApiHandlers, AssistCallName> {
  return {
    'assist.open': async (input) => {
      const { sessions } = deps;
      if (!sessions) throw new UserFacingError('unavailable', 'Terminals are not available here.');
      return openAssist(await cohort(), { ...deps, sessions }, input);
    },
    'assist.log': async ({ courseId, stackId }) => ({ assists: deps.log.ofLab(courseId, stackId) }),
    'assist.state': async ({ courseId }) => deps.notices?.current(courseId) ?? { courseId, assist: null },
  };
}
