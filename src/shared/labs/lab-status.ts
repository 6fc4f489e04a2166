import * as z from 'zod';
import { WireMessageParams } from '../i18n/message-wire';
import { CloudHealth } from '../openstack/cloud-health';
import { LabCost } from './lab-rates';

/**
 * Lab states: Heat's ACTION_STATUS (e.g. "CREATE_COMPLETE") plus the app's own, as hastexo-xblock
 * named them, so a course author and an instructor read the same words in both.
 */
export const APP_LAB_STATES = ['LAUNCH_PENDING', 'LAUNCH_ERROR', 'LAUNCH_TIMEOUT', 'SUSPEND_PENDING', 'DELETE_PENDING'] as const;
export type AppLabState = (typeof APP_LAB_STATES)[number];

/** up: the lab runs (and is billed); down: suspended or deleted; pending: on its way somewhere. */
export const LabGroup = z.enum(['up', 'down', 'pending', 'failed']);
export type LabGroup = z.infer<typeof LabGroup>;

export const LabStatus = z.object({
  courseId: z.string(),
  /** Keystone user id of the learner. */
  userId: z.string(),
  stackName: z.string(),
  stackId: z.string().nullable(),
  /** The cloud (clouds.yaml / app name) that holds the stack. */
  provider: z.string().nullable(),
  state: z.string(),
  group: LabGroup,
  /** True once the lab's connections answered after the last launch or resume. */
  ready: z.boolean(),
  /** Heat's reason (or ours) when the last operation failed. */
  error: z.string().nullable(),
  /** Non-secret outputs: host, ports, user, fingerprints. Keys and passwords live in the secret store. */
  outputs: z.record(z.string(), z.unknown()),
  /** The idle-suspend deadline (ms since the epoch) while the lab runs. */
  suspendBy: z.number().int().nullable(),
  /** When a suspended lab is deleted (delete_age after its suspend). */
  deleteBy: z.number().int().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type LabStatus = z.infer<typeof LabStatus>;

/** The job working on a lab, as the Lab pane shows it. */
export const LabActivity = z.object({
  jobId: z.number().int(),
  type: z.string(),
  status: z.string(),
  fraction: z.number().min(0).max(1).nullable(),
  message: z.string().nullable(),
  /** The last attempt's error: technical detail (the job retries, or has failed). */
  error: z.string().nullable(),
  /**
   * What kind of error it was, a stable word the UI acts on: "cloud-credentials" (a link to Settings ›
   * Clouds), "cloud-unreachable" (see cloudProblemOfJobKind), "usage_limit", "launch_timeout", …
   */
  errorKind: z.string().nullable().default(null),
  /** The catalogue message `error` is the English of, when it was composed from one: shown in the reader's language. */
  errorMessageKey: z.string().optional(),
  errorMessageParams: WireMessageParams.optional(),
  /** Attempts made so far (1 while the first runs) and how many the job gets. */
  attempt: z.number().int().nonnegative().default(0),
  maxAttempts: z.number().int().positive().default(1),
  /** When a failed attempt is tried again (ms since the epoch); null unless the job waits to retry. */
  nextTryAt: z.number().int().nullable().default(null),
});
export type LabActivity = z.infer<typeof LabActivity>;

/**
 * What the lab's clock shows while the lab runs: the idle suspend (its deadline moves with the
 * learner's activity), the end of the session under max_session with the extensions taken, and
 * (in `LabView.usage`) the hours left under the usage limit.
 */
export const LabClock = z.object({
  idle: z
    .object({
      /** When the lab is suspended unless the learner does something (ms since the epoch). */
      suspendBy: z.number().int(),
      /** The course's suspend_timeout: how far activity pushes the deadline. */
      timeoutSeconds: z.number().int().positive(),
      /** The learner's last activity that pushed it; null before any. */
      lastActivityAt: z.number().int().nullable(),
    })
    .nullable(),
  session: z
    .object({
      startedAt: z.number().int(),
      /** When max_session suspends the lab, with the extensions taken (ms since the epoch). */
      endsAt: z.number().int(),
      maxSessionSeconds: z.number().int().positive(),
      extensionsUsed: z.number().int().nonnegative(),
      maxExtensions: z.number().int().nonnegative(),
      extensionSeconds: z.number().int().positive(),
    })
    .nullable(),
});
export type LabClock = z.infer<typeof LabClock>;

/** A lab with the job now working on it (if any): the Lab pane's whole state. */
export const LabView = z.object({
  courseId: z.string(),
  lab: LabStatus.nullable(),
  activity: LabActivity.nullable(),
  /** Running hours this learner used (all courses), and the limit when there is one. */
  usage: z.object({ runningHours: z.number().nonnegative(), limitHours: z.number().nullable(), blocked: z.boolean() }),
  /** Set when the course was updated since the lab's stack was made: a reset gives the new version. */
  update: z.object({ labVersion: z.string(), courseVersion: z.string() }).nullable().default(null),
  /** The lab's clock while it runs; null otherwise. */
  clock: LabClock.nullable().optional(),
  /**
   * How the lab's cloud answered this app's requests lately: a problem there means the lab's state
   * above is only the last known one.
   */
  cloud: CloudHealth.nullable().default(null),
});
export type LabView = z.infer<typeof LabView>;

/** Told to the learner before anything happens on its own. */
export const LabNotice = z.object({
  courseId: z.string(),
  kind: z.enum(['idle-suspend-soon', 'delete-soon', 'usage-limit', 'hook-failed', 'session-end-soon']),
  /** When it happens (ms since the epoch); for usage-limit, now. */
  at: z.number().int(),
  message: z.string(),
});
export type LabNotice = z.infer<typeof LabNotice>;

/** `lab-console lab status --json`: with the cloud's health and the lab's cost this month (null with --no-cost, or why in costProblem). */
export const LabStatusOutput = z.object({
  lab: LabStatus.nullable(),
  usage: LabView.shape.usage,
  cloud: LabView.shape.cloud,
  cost: LabCost.nullable(),
  costProblem: z.string().nullable(),
});
export type LabStatusOutput = z.infer<typeof LabStatusOutput>;

/** `lab-console lab launch|suspend|resume|delete --json`. */
export const LabOperationOutput = z.object({
  jobId: z.number().int(),
  jobStatus: z.string(),
  lab: LabStatus.nullable(),
  error: z.string().nullable(),
});
export type LabOperationOutput = z.infer<typeof LabOperationOutput>;
