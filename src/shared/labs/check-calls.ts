import * as z from 'zod';
import { COURSE_ID_PATTERN, STEP_ID_PATTERN } from '../course/course-manifest';
import { CheckOutcomeSchema } from '../ssh/checks';

/** One run of a step's progress checks, as the history keeps it (app and CLI write the same rows). */
export const CheckRun = z.object({
  id: z.number().int(),
  courseId: z.string(),
  /** The Keystone user whose lab the checks ran on. */
  userId: z.string(),
  stepId: z.string(),
  passed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** passed / total, 0–1. */
  score: z.number().min(0).max(1),
  /** Per script: passed or not, and the hint of a failing one. */
  outcomes: z.array(CheckOutcomeSchema),
  /** Where the run came from. */
  source: z.enum(['app', 'cli']),
  /** Epoch milliseconds. */
  at: z.number().int(),
});
export type CheckRun = z.infer<typeof CheckRun>;

const CourseId = z.string().regex(COURSE_ID_PATTERN);
const StepId = z.string().regex(STEP_ID_PATTERN);

/** What running a step's solve script did. */
export const SolveResult = z.object({
  stepId: z.string(),
  /** The script finished with status 0: the step is now "solved". */
  solved: z.boolean(),
  exitCode: z.number().int().nullable(),
  timedOut: z.boolean(),
  /** What the script printed (stdout, then stderr), trimmed and bounded. */
  output: z.string(),
  /** The step's checks, run right after a successful solve; null when it has none or the solve failed. */
  checks: CheckRun.nullable(),
});
export type SolveResult = z.infer<typeof SolveResult>;

/** The progress-check calls between UI and app (spread into src/shared/contract/contract.ts). */
export const checkCalls = {
  /** Runs one step's check scripts on the running lab and records the result; rejects when the lab cannot be reached. */
  'lab.check': { input: z.object({ courseId: CourseId, stepId: StepId }).strict(), output: CheckRun },
  /** Past runs of one step's checks (newest first), or of every step when `stepId` is left out. */
  /**
   * Runs the step's solve script on the lab (the UI asks the learner to confirm first; `confirm`
   * says it did), marks the step solved and runs its checks.
   */
  'lab.solve': { input: z.object({ courseId: CourseId, stepId: StepId, confirm: z.literal(true) }).strict(), output: SolveResult },
  'lab.checkHistory': {
    input: z.object({ courseId: CourseId, stepId: StepId.optional(), limit: z.number().int().min(1).max(500).default(20) }).strict(),
    output: z.array(CheckRun),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** A run of a step's checks finished in the app (a window may be hidden: the desktop tells the learner). */
export const checkEvents = {
  'lab.checked': CheckRun,
} as const satisfies Record<string, z.ZodType>;

/** `lab-console lab check COURSE --json`. */
export const LabCheckOutput = z.object({
  courseId: z.string(),
  runs: z.array(CheckRun),
  passed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  score: z.number().min(0).max(1),
});
export type LabCheckOutput = z.infer<typeof LabCheckOutput>;
