import * as z from 'zod';
import { COURSE_ID_PATTERN } from '../../shared/course/course-manifest';
import type { JobRecord } from '../../shared/jobs';
import { PermanentJobError } from '../jobs/job-errors';
import { AuthFailedError, CloudConfigError, CloudSecretUnavailableError } from '../openstack/errors';
import { cloudTrouble, type LabAction } from './cloud-proof';
import { defineJob, type JobContext, type JobDefinition } from '../jobs/job-registry';
import type { LabEngine, LabOperationContext } from './lab-engine';
import type { LabRecord } from './lab-store';

export const LAB_JOB_TYPES = ['lab.launch', 'lab.resume', 'lab.suspend', 'lab.delete'] as const;
export type LabJobType = (typeof LAB_JOB_TYPES)[number];

const LabPayload = z.object({ courseId: z.string().regex(COURSE_ID_PATTERN) }).strict();
export type LabPayload = z.infer<typeof LabPayload>;

/** Every job of one lab runs one at a time, in order; a second identical request joins the first. */
export const labJobKey = (courseId: string): string => `lab:${courseId}`;

function context(ctx: JobContext): LabOperationContext {
  return { signal: ctx.signal, progress: (update) => ctx.progress(update) };
}

// A launch has its own deadline (launch_timeout) across attempts, so retries are cheap to allow.
const ATTEMPTS: Record<LabJobType, number> = { 'lab.launch': 5, 'lab.resume': 5, 'lab.suspend': 6, 'lab.delete': 6 };

/** What a lab job stores as its result: the lab's state once it ended ("none" when there is no lab). */
export interface LabJobResult {
  readonly state: string;
}

export type LabJobDefinitions = Readonly<Record<LabJobType, JobDefinition<LabPayload, LabJobResult>>>;

export function labJobDefinitions(engine: () => LabEngine): LabJobDefinitions {
  const define = (
    type: LabJobType,
    run: (courseId: string, ctx: LabOperationContext) => Promise<LabRecord | undefined>,
  ): JobDefinition<LabPayload, LabJobResult> =>
    defineJob({
      type,
      payload: LabPayload,
      maxAttempts: ATTEMPTS[type],
      key: (p) => labJobKey(p.courseId),
      dedupeKey: (p) => `${type}:${p.courseId}`,
      handler: async (p, ctx) => {
        try {
          const lab = await run(p.courseId, context(ctx));
          return { state: lab ? lab.state : 'none' };
        } catch (error) {
          throw permanentIfConfiguration(error, ACTION[type]);
        }
      },
    });
  return {
    'lab.launch': define('lab.launch', (id, ctx) => engine().launch(id, ctx)),
    'lab.resume': define('lab.resume', (id, ctx) => engine().launch(id, ctx, { resumeOnly: true })),
    'lab.suspend': define('lab.suspend', (id, ctx) => engine().suspend(id, ctx)),
    'lab.delete': define('lab.delete', (id, ctx) => engine().delete(id, ctx)),
  };
}

const ACTION: Record<LabJobType, LabAction> = {
  'lab.launch': 'launch',
  'lab.resume': 'resume',
  'lab.suspend': 'suspend',
  'lab.delete': 'delete',
};

/**
 * A cloud missing from the configuration, a clouds.yaml that does not parse, a secret this process
 * cannot read, a password Keystone refuses: retrying changes none of them (and a refused password
 * tried again and again can lock the account), so the job fails at once with the message that says
 * what to fix.
 */
function permanentIfConfiguration(error: unknown, action: LabAction): unknown {
  if (error instanceof CloudConfigError) return new PermanentJobError(error.message, 'cloud_config', { cause: error });
  if (error instanceof CloudSecretUnavailableError) return new PermanentJobError(error.message, 'cloud_secret', { cause: error });
  if (error instanceof AuthFailedError) return cloudTrouble(error, error.cloud, action);
  return error;
}

function isLabJobType(type: string): type is LabJobType {
  return (LAB_JOB_TYPES as readonly string[]).includes(type);
}

/** The course of a lab job, read from its payload; undefined for any other job. */
export function courseOfLabJob(job: Pick<JobRecord, 'type' | 'payload'>): string | undefined {
  if (!isLabJobType(job.type)) return undefined;
  const parsed = LabPayload.safeParse(job.payload);
  return parsed.success ? parsed.data.courseId : undefined;
}
