import * as z from 'zod';
import { CheckOutcomeSchema } from '../ssh/checks';

/** One step's progress checks on one lab, as the instructor ran them. */
export const StepScore = z.object({
  stepId: z.string(),
  title: z.string(),
  passed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  outcomes: z.array(CheckOutcomeSchema),
  /** The course's solve script did this step (its marker is on the lab): "solved", not done by the learner. */
  solved: z.boolean().optional(),
});
export type StepScore = z.infer<typeof StepScore>;

/**
 * A lab's progress-check score: every step's checks run over SSH on the learner's lab, with the
 * connection details from the stack's outputs. `error` says why no score could be taken (the lab
 * is not running, the course is not in the instructor's library, SSH failed): never "0 %".
 */
export const LabScore = z.object({
  stackId: z.string(),
  stackName: z.string(),
  learner: z.string(),
  passed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** passed / total (0..1); null with `error`. */
  score: z.number().min(0).max(1).nullable(),
  steps: z.array(StepScore),
  checkedAt: z.string(),
  error: z.string().optional(),
});
export type LabScore = z.infer<typeof LabScore>;

export const CohortCheckOutput = z.object({ results: z.array(LabScore) });
export type CohortCheckOutput = z.infer<typeof CohortCheckOutput>;

/** Progress of a "Check progress" run, pushed as each lab finishes. */
export const CohortCheckProgress = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  result: LabScore,
});
export type CohortCheckProgress = z.infer<typeof CohortCheckProgress>;
