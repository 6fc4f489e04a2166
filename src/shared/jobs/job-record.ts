import * as z from 'zod';
import { messageKeyFields } from '../i18n/message-wire';

/**
 * A job of the local queue as the UI and `lab-console jobs ... --json` show it.
 * queued → running → succeeded | failed | cancelled; a failed attempt that may be retried goes back
 * to queued with `runAfter` in the future and keeps the last error.
 */
export const JobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatus>;

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export function isTerminalJobStatus(status: JobStatus): boolean {
  return TERMINAL_JOB_STATUSES.includes(status);
}

/** What a handler last reported; `fraction` is 0..1 when the handler can tell. */
export const JobProgress = z.object({
  fraction: z.number().min(0).max(1).optional(),
  message: z.string(),
  at: z.number().int(),
});
export type JobProgress = z.infer<typeof JobProgress>;

/**
 * Why the last attempt failed: the error's message, and its kind/code when it carried one; with the
 * catalogue key and parameters the message is the English of, when it was composed from one.
 */
export const JobError = z.object({
  message: z.string(),
  kind: z.string().optional(),
  ...messageKeyFields,
});
export type JobError = z.infer<typeof JobError>;

export const JobRecord = z.object({
  id: z.number().int().positive(),
  type: z.string(),
  /** Jobs with the same key run one at a time, in order (e.g. every job of one lab). */
  key: z.string(),
  dedupeKey: z.string().nullable(),
  payload: z.unknown(),
  status: JobStatus,
  attempts: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive(),
  /** Not claimed before this time (ms since the epoch): the backoff of a retry. */
  runAfter: z.number().int(),
  leaseOwner: z.string().nullable(),
  leaseUntil: z.number().int().nullable(),
  cancelRequested: z.boolean(),
  progress: JobProgress.nullable(),
  result: z.unknown(),
  error: JobError.nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  finishedAt: z.number().int().nullable(),
});
export type JobRecord = z.infer<typeof JobRecord>;

/** Pushed to in-process listeners (and by the UI bridge to the renderer) on every change of a job. */
export const JobEvent = z.object({
  kind: z.enum(['enqueued', 'started', 'progress', 'retrying', 'finished', 'released', 'cancel-requested']),
  job: JobRecord,
});
export type JobEvent = z.infer<typeof JobEvent>;

/** `lab-console jobs list --json`. */
export const JobList = z.object({ jobs: z.array(JobRecord) });
export type JobList = z.infer<typeof JobList>;

/** `lab-console jobs work --json`: what the foreground worker did before it stopped. */
export const JobWorkSummary = z.object({
  owner: z.string(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  retried: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  released: z.number().int().nonnegative(),
  /** Jobs left queued with a retry time in the future (run `jobs work --follow` to wait for them). */
  waiting: z.number().int().nonnegative(),
});
export type JobWorkSummary = z.infer<typeof JobWorkSummary>;
