import type { LabActivity, LabView } from '../../shared/labs';
import type { JobQueue } from '../jobs/job-queue';
import { labJobKey } from './lab-jobs';
import type { LabRecord } from './lab-store';

/** The lab's job as its screen shows it, with the attempt and the next try while it waits to retry. */
export function labActivity(queue: JobQueue, courseId: string): LabActivity | null {
  // The newest job still to run (a suspend queued behind a running launch), else the newest that ran.
  const key = labJobKey(courseId);
  const job = queue.jobsOfKey(key, { statuses: ['queued', 'running'], limit: 1 })[0] ?? queue.latestOfKey(key);
  if (!job) return null;
  const waiting = job.status === 'queued' && job.attempts > 0;
  return {
    jobId: job.id,
    type: job.type,
    status: job.status,
    fraction: job.progress?.fraction ?? null,
    message: job.progress?.message ?? null,
    error: job.status === 'succeeded' ? null : (job.error?.message ?? null),
    errorKind: job.status === 'succeeded' ? null : (job.error?.kind ?? null),
    ...(job.status !== 'succeeded' && job.error?.messageKey
      ? { errorMessageKey: job.error.messageKey, ...(job.error.messageParams ? { errorMessageParams: job.error.messageParams } : {}) }
      : {}),
    attempt: job.attempts,
    maxAttempts: job.maxAttempts,
    nextTryAt: waiting ? job.runAfter : null,
  };
}

/** What a screen shows of a lab view, without the usage hours that grow by themselves. */
export function viewSignature(view: LabView): string {
  const lab = view.lab;
  return JSON.stringify([
    lab?.state,
    lab?.ready,
    lab?.stackId,
    lab?.provider,
    lab?.error,
    lab?.deleteBy,
    view.activity,
    view.update,
    view.cloud?.problem?.kind ?? null,
  ]);
}

export function publicStatus(lab: LabRecord): LabView['lab'] {
  const { courseVersion: _v, launchDeadline: _l, lastActivityAt: _t, creatingOn: _c, ...status } = lab;
  return status;
}
