import * as z from 'zod';

/** One progress-check script's outcome. */
export const CheckOutcomeSchema = z.object({
  /** The script as the course names it (path inside the course bundle). */
  script: z.string(),
  passed: z.boolean(),
  /** The failing script's stderr (trimmed, bounded): the hint shown to the learner. */
  hint: z.string().optional(),
  exitCode: z.number().int().optional(),
  timedOut: z.boolean(),
  durationMs: z.number().nonnegative(),
});
export type CheckOutcome = z.infer<typeof CheckOutcomeSchema>;

export const CheckReportSchema = z.object({
  outcomes: z.array(CheckOutcomeSchema),
  passed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** passed / total, 0–1; 1 when a step has no checks. */
  score: z.number().min(0).max(1),
});
export type CheckReport = z.infer<typeof CheckReportSchema>;

export const HookPhaseSchema = z.enum(['before-suspend', 'after-resume', 'before-delete']);
export type HookPhase = z.infer<typeof HookPhaseSchema>;

/** A hook never blocks what it runs before: its failure is reported, then the action goes on. */
export const HookOutcomeSchema = z.object({
  phase: HookPhaseSchema,
  script: z.string(),
  ok: z.boolean(),
  /** Why it failed, for the log and the UI. */
  problem: z.string().optional(),
  exitCode: z.number().int().optional(),
  timedOut: z.boolean(),
  durationMs: z.number().nonnegative(),
});
export type HookOutcome = z.infer<typeof HookOutcomeSchema>;
