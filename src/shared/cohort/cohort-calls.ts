import * as z from 'zod';
import { StackEventSchema } from '../openstack/stack';
import { CONNECTION_NAME_PATTERN } from '../course/course-manifest';
import { TerminalSize } from '../ssh/terminal';
import { SessionId } from '../stream/stream-protocol';
import { CohortAction, CohortActOutput, CohortActProgress, CohortListing } from './cohort-lab';
import { CohortCheckOutput, CohortCheckProgress } from './cohort-scores';

/** The instructor's calls between UI and app (spread into src/shared/contract/contract.ts). */
const CourseId = z.string().min(1).max(64);

export const cohortCalls = {
  'cohort.list': {
    input: z.object({ courseId: CourseId, cohort: z.string().min(1).optional() }).strict(),
    output: CohortListing,
  },
  /** Delete needs `confirm` equal to the course id, typed by the instructor. */
  'cohort.act': {
    input: z
      .object({
        courseId: CourseId,
        action: CohortAction,
        stackIds: z.array(z.string().min(1)).min(1).max(5000),
        confirm: z.string().optional(),
      })
      .strict(),
    output: CohortActOutput,
  },
  'cohort.events': {
    input: z.object({ courseId: CourseId, stackId: z.string().min(1) }).strict(),
    output: z.object({ stackId: z.string(), events: z.array(StackEventSchema) }),
  },
  /** Runs the course's progress checks over SSH on the selected labs (those running), a few at a time. */
  'cohort.check': {
    input: z.object({ courseId: CourseId, stackIds: z.array(z.string().min(1)).min(1).max(5000) }).strict(),
    output: CohortCheckOutput,
  },
  /**
   * Opens a read-only terminal into a learner's lab: a shell of its own on the lab host, whose
   * output the instructor sees; what the instructor types is never sent. Attach a stream to see it.
   */
  'cohort.watch': {
    input: z
      .object({
        courseId: CourseId,
        stackId: z.string().min(1),
        /** The course's ssh connection (default: its first). */
        connection: z.string().regex(CONNECTION_NAME_PATTERN).optional(),
        ...TerminalSize,
      })
      .strict(),
    output: z.object({ sessionId: SessionId, connection: z.string() }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const cohortEvents = {
  /** A listing under way has its labs and states; what their events tell follows in its answer. */
  'cohort.listed': CohortListing,
  'cohort.progress': CohortActProgress,
  'cohort.checkProgress': CohortCheckProgress,
} as const satisfies Record<string, z.ZodType>;
