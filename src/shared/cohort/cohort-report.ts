import * as z from 'zod';
import { CohortProblem } from './cohort-lab';

/** One learner's month: their labs of the course, added up. */
export const ReportLearner = z.object({
  learner: z.string(),
  userId: z.string(),
  projectName: z.string(),
  labs: z.number().int().nonnegative(),
  runningSeconds: z.number().nonnegative(),
  suspendedSeconds: z.number().nonnegative(),
  /** Seconds the learner worked on their labs (their app's activity on the lab); null when unknown for every lab. */
  activeSeconds: z.number().nonnegative().nullable().default(null),
  /** Running ÷ active over the labs whose activity is known; null when not known. */
  wasteRatio: z.number().nonnegative().nullable().default(null),
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
    activeSeconds: z.number().nonnegative().nullable().default(null),
    wasteRatio: z.number().nonnegative().nullable().default(null),
    cost: z.number().nonnegative().nullable(),
  }),
  problems: z.array(CohortProblem),
  generatedAt: z.string(),
});
export type CohortReport = z.infer<typeof CohortReport>;
