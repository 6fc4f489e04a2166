import type { CohortLab, CohortListing } from '../../shared/cohort/cohort-lab';

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

/** A listing of `labs`, every one counted as running; `more` overrides any field. */
export function cohortListing(labs: CohortLab[], more: Partial<CohortListing> = {}): CohortListing {
  return {
    courseId: 'x',
    cohort: null,
    cloud: 'c',
    projectPattern: null,
    projects: labs.length,
    labs,
    problems: [],
    generatedAt: '',
    withEvents: true,
    totals: {
      labs: labs.length,
      running: labs.length,
      suspended: 0,
      failed: 0,
      pending: 0,
      costMonth: null,
      currency: null,
      runningSecondsMonth: 0,
      suspendedSecondsMonth: 0,
      activeSecondsMonth: null,
      wasteRatio: null,
    },
    runningSeries: [],
    ...more,
  };
}
