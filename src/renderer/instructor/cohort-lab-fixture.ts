import type { CohortLab } from '../../shared/cohort/cohort-lab';

/** A running lab of learner `learner` in a cohort listing, for the instructor screens' tests; `more` overrides any field. */
export function cohortLab(learner: string, more: Partial<CohortLab> = {}): CohortLab {
  return {
    stackId: `id-${learner}`,
    stackName: `lc-x-${learner}`,
    projectId: learner,
    projectName: learner,
    userId: `u-${learner}`,
    learner,
    courseId: 'x',
    courseVersion: '1',
    state: 'CREATE_COMPLETE',
    group: 'up',
    statusReason: '',
    since: null,
    createdAt: '',
    uptimeWeekSeconds: 0,
    lastActivity: null,
    costMonth: null,
    runningSecondsMonth: 0,
    suspendedSecondsMonth: 0,
    perHourNow: null,
    activeSecondsMonth: null,
    wasteRatio: null,
    flavors: [],
    score: null,
    ...more,
  };
}
