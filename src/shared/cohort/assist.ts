import * as z from 'zod';

/**
 * An instructor assisting a learner: the marker the instructor's app keeps on the lab host while
 * its read-write shell is open, what the learner's app makes of it, and the instructor's log.
 */

/** `~/.lab-console/assist` on the lab host, as JSON. `id` tells one assist's marker from another's. */
export const AssistMarker = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  /** The instructor's Keystone user name. */
  by: z.string().min(1).max(255),
  /** ISO 8601: when the assist shell opened. */
  since: z.string().max(64),
});
export type AssistMarker = z.infer<typeof AssistMarker>;

/** What the learner's lab screen shows: who assists since when, or nobody (`assist: null`). */
export const AssistNotice = z.object({
  courseId: z.string(),
  assist: z.object({ by: z.string(), since: z.string() }).nullable(),
});
export type AssistNotice = z.infer<typeof AssistNotice>;

/** One assist in the instructor's log (their data folder). */
export const AssistRecord = z.object({
  id: z.number().int(),
  /** The instructor's Keystone user name. */
  by: z.string(),
  courseId: z.string(),
  stackId: z.string(),
  stackName: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  learner: z.string(),
  /** ISO 8601. */
  startedAt: z.string(),
  /** ISO 8601; null while the shell is open (or when the app ended without closing it). */
  endedAt: z.string().nullable(),
});
export type AssistRecord = z.infer<typeof AssistRecord>;
