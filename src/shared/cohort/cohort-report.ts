import { z } from 'zod';
import { CohortProblem } from './cohort-lab';

/** One learner's month: their labs of the course, added up. */
export const ReportLearner = z.object({
  learner: z.string(),
  userId: z.string(),
  projectName: z.string(),
  labs: z.number().int().nonnegative(),
  runningSeconds: z.number().nonnegative(),
  suspendedSeconds: z.number().nonnegative(),
  /** To the cent, in the report's currency; null without rates. */
  cost: z.number().nonnegative().nullable(),
  /** Progress-check score (0..1) when `--scores` ran the checks, else null. */
  score: z.number().min(0).max(1).nullable(),
});
export type ReportLearner = z.infer<typeof ReportLearner>;

/** `lab-console cohort report --month YYYY-MM --json`. */
export const CohortReport = z.object({
  courseId: z.string(),
  month: z.string(),
  cloud: z.string(),
  cohort: z.string().nullable(),
  currency: z.string().nullable(),
  learners: z.array(ReportLearner),
  totals: z.object({
    learners: z.number().int().nonnegative(),
    labs: z.number().int().nonnegative(),
    runningSeconds: z.number().nonnegative(),
    suspendedSeconds: z.number().nonnegative(),
    cost: z.number().nonnegative().nullable(),
  }),
  problems: z.array(CohortProblem),
  generatedAt: z.string(),
});
export type CohortReport = z.infer<typeof CohortReport>;
