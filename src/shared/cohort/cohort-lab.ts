import * as z from 'zod';

/**
 * The instructor's view of a cohort: one row per lab, built from what the cloud knows (Heat's
 * stacks, tags and events) since the learners' local records are not on the instructor's machine.
 */
export const CohortLabGroup = z.enum(['up', 'down', 'pending', 'failed']);

export const CohortLab = z.object({
  stackId: z.string(),
  stackName: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  /** Keystone user id of the learner (the stack's `lc-user=` tag). */
  userId: z.string(),
  /**
   * What the instructor reads: the learner's Keystone user name — from Keystone's users when the
   * instructor may read them (`learnerNames`), else Heat's stack_owner — else the project name.
   */
  learner: z.string(),
  /** The learner's display name when the cloud keeps one for the user (read from Keystone); absent otherwise. */
  learnerDisplayName: z.string().optional(),
  courseId: z.string(),
  courseVersion: z.string().nullable(),
  /** Heat's ACTION_STATUS, e.g. "SUSPEND_COMPLETE". */
  state: z.string(),
  group: CohortLabGroup,
  statusReason: z.string(),
  /** ISO 8601: when the lab entered its state (its last stack event of that status). */
  since: z.string().nullable(),
  createdAt: z.string(),
  /** Seconds the lab ran (was not suspended) since Monday 00:00 UTC. */
  uptimeWeekSeconds: z.number().nonnegative(),
  /** ISO 8601 of the newest Heat event of the stack. */
  lastActivity: z.string().nullable(),
  /** Running and suspended hours this month at the lab's rates (course, then cloud), to the cent; null without rates. */
  costMonth: z.number().nonnegative().nullable(),
  /** Seconds billed this month (UTC) as running and as suspended, from the stack's events. */
  runningSecondsMonth: z.number().nonnegative().default(0),
  suspendedSecondsMonth: z.number().nonnegative().default(0),
  /**
   * Seconds the learner worked on the lab this month, from the activity their app writes on the lab
   * (src/shared/labs/lab-activity.ts); null when it is not known (never read: shown "—", never 0).
   */
  activeSecondsMonth: z.number().nonnegative().nullable().default(null),
  /** Billed running time ÷ active time this month (1 = ran only while used); null when not known. */
  wasteRatio: z.number().nonnegative().nullable().default(null),
  /** What the lab costs per hour in its state now; null without rates. */
  perHourNow: z.number().nonnegative().nullable().default(null),
  /** The flavors priced, one per server, when the rates list flavors. */
  flavors: z.array(z.string()).default([]),
  /** Progress-check score (0..1) when checks were run on demand, otherwise null ("—"). */
  score: z.number().min(0).max(1).nullable(),
  /** The last check run of this lab (passed/total per step), when there was one. */
  scoreDetail: z
    .object({
      passed: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
      checkedAt: z.string(),
      steps: z.array(
        z.object({
          stepId: z.string(),
          title: z.string(),
          passed: z.number().int().nonnegative(),
          total: z.number().int().nonnegative(),
          /** Done by the course's solve script, not by the learner. */
          solved: z.boolean().optional(),
        }),
      ),
      error: z.string().optional(),
    })
    .optional(),
});
export type CohortLab = z.infer<typeof CohortLab>;

export const CohortProblem = z.object({ project: z.string(), message: z.string() });
export type CohortProblem = z.infer<typeof CohortProblem>;

export const CohortTotals = z.object({
  labs: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  suspended: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  costMonth: z.number().nonnegative().nullable(),
  currency: z.string().nullable(),
  runningSecondsMonth: z.number().nonnegative().default(0),
  suspendedSecondsMonth: z.number().nonnegative().default(0),
  /** Active seconds of the labs whose activity is known; null when none is. */
  activeSecondsMonth: z.number().nonnegative().nullable().default(null),
  /** Running ÷ active over the labs whose activity is known; null when not known. */
  wasteRatio: z.number().nonnegative().nullable().default(null),
});
export type CohortTotals = z.infer<typeof CohortTotals>;

/** Running labs at a point in time, for the dashboard's chart. */
export const RunningPoint = z.object({ at: z.string(), running: z.number().int().nonnegative() });
export type RunningPoint = z.infer<typeof RunningPoint>;

/**
 * Where a listing's learner names come from: Keystone's users (a domain-scoped reader token), or —
 * when Keystone refused — each lab's owner as Heat records it; `problem` says what was refused.
 */
export const LearnerNamesSource = z.object({
  from: z.enum(['keystone', 'stack-owner']),
  problem: z.string().nullable(),
});
export type LearnerNamesSource = z.infer<typeof LearnerNamesSource>;

/** `lab-console cohort list --json` and `cohort.list`. */
export const CohortListing = z.object({
  courseId: z.string(),
  cohort: z.string().nullable(),
  cloud: z.string(),
  /** The regular expression project names had to match, when one narrowed the cohort. */
  projectPattern: z.string().nullable(),
  projects: z.number().int().nonnegative(),
  labs: z.array(CohortLab),
  totals: CohortTotals,
  /** Running labs per hour over the last 7 days, oldest first. */
  runningSeries: z.array(RunningPoint),
  /** Projects that could not be read (the rest of the listing is still valid). */
  problems: z.array(CohortProblem),
  /** Absent in the early listing when Keystone's answer is not in yet. */
  learnerNames: LearnerNamesSource.optional(),
  generatedAt: z.string(),
  /**
   * False for the early listing sent as `cohort.listed` before each lab's events are read: states
   * are Heat's, but since, uptime, last activity, cost and the chart are not known yet.
   */
  withEvents: z.boolean(),
});
export type CohortListing = z.infer<typeof CohortListing>;

export const CohortAction = z.enum(['suspend', 'resume', 'delete']);
export type CohortAction = z.infer<typeof CohortAction>;

/** The outcome of one lab of a bulk action. */
export const CohortActResult = z.object({
  stackId: z.string(),
  stackName: z.string(),
  learner: z.string(),
  outcome: z.enum(['done', 'skipped', 'failed']),
  /** Why it was skipped or failed (Heat's reason), or what was done. */
  message: z.string(),
});
export type CohortActResult = z.infer<typeof CohortActResult>;

export const CohortActOutput = z.object({
  action: CohortAction,
  results: z.array(CohortActResult),
});
export type CohortActOutput = z.infer<typeof CohortActOutput>;

/** Progress of a bulk action, pushed while it runs. */
export const CohortActProgress = z.object({
  action: CohortAction,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  result: CohortActResult,
});
export type CohortActProgress = z.infer<typeof CohortActProgress>;

/** A reaper decision: what it does to one lab and why. */
export const ReapDecision = z.object({
  stackId: z.string(),
  stackName: z.string(),
  learner: z.string(),
  state: z.string(),
  action: z.enum(['suspend', 'delete', 'keep']),
  reason: z.string(),
  /** After a real run: what happened. */
  outcome: z.enum(['planned', 'done', 'skipped', 'failed']),
  detail: z.string().nullable(),
});
export type ReapDecision = z.infer<typeof ReapDecision>;

export const ReapReport = z.object({
  courseId: z.string(),
  dryRun: z.boolean(),
  /** ISO 8601 of the reaper's "now" (its clock may be shifted for tests). */
  now: z.string(),
  policy: z.object({
    maxSessionSeconds: z.number().nullable(),
    deleteAgeSeconds: z.number().nullable(),
    failedGraceSeconds: z.number().nullable(),
  }),
  decisions: z.array(ReapDecision),
  problems: z.array(CohortProblem),
});
export type ReapReport = z.infer<typeof ReapReport>;
