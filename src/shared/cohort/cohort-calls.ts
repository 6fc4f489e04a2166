import { z } from 'zod';
import { StackEventSchema } from '../openstack/stack';
import { CohortAction, CohortActOutput, CohortActProgress, CohortListing } from './cohort-lab';

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
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const cohortEvents = {
  'cohort.progress': CohortActProgress,
} as const satisfies Record<string, z.ZodType>;
