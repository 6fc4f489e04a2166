import type { LabActivity, LabView } from '../../shared/labs';
import type { CloudProblem } from '../../shared/openstack';

/** A lab record as the app sends it; `group` and `ready` follow the state unless given. */
export function labOf(
  state: string,
  group: NonNullable<LabView['lab']>['group'],
  extra: Partial<NonNullable<LabView['lab']>> = {},
): NonNullable<LabView['lab']> {
  return {
    courseId: 'intro-linux',
    userId: 'u',
    stackName: 'lc-intro-linux-u',
    stackId: 'id',
    provider: 'school',
    state,
    group,
    ready: group === 'up',
    error: null,
    outputs: {},
    suspendBy: null,
    deleteBy: null,
    createdAt: 0,
    updatedAt: 0,
    ...extra,
  };
}

export function activityOf(type: string, status: string, extra: Partial<LabActivity> = {}): LabActivity {
  return {
    jobId: 1,
    type,
    status,
    fraction: null,
    message: null,
    error: null,
    errorKind: null,
    attempt: status === 'queued' ? 0 : 1,
    maxAttempts: 6,
    nextTryAt: null,
    ...extra,
  };
}

export function viewOf(lab: LabView['lab'], activity: LabView['activity'] = null, extra: Partial<LabView> = {}): LabView {
  return {
    courseId: 'intro-linux',
    lab,
    activity,
    usage: { runningHours: 0, limitHours: null, blocked: false },
    update: null,
    cloud: null,
    ...extra,
  };
}

/** The lab's cloud with a problem since `since`. */
export function troubled(
  problem: Partial<CloudProblem> & Pick<CloudProblem, 'kind'>,
  since = Date.parse('2025-03-03T10:42:00'),
): LabView['cloud'] {
  return {
    cloud: 'school',
    lastAnswerAt: since - 60_000,
    problem: { since, detail: '', service: 'identity', retryAt: null, ...problem },
  };
}
