import { z } from 'zod';
import { COURSE_ID_PATTERN } from '../../shared/course/course-manifest';
import { defineJob, type AnyJobDefinition, type JobContext } from '../jobs/job-registry';
import type { LabEngine, LabOperationContext } from './lab-engine';

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

export function labJobDefinitions(engine: () => LabEngine): AnyJobDefinition[] {
  const define = (type: LabJobType, run: (courseId: string, ctx: LabOperationContext) => Promise<unknown>): AnyJobDefinition =>
    defineJob({
      type,
      payload: LabPayload,
      maxAttempts: ATTEMPTS[type],
      key: (p) => labJobKey(p.courseId),
      dedupeKey: (p) => `${type}:${p.courseId}`,
      handler: async (p, ctx) => {
        const lab = await run(p.courseId, context(ctx));
        return lab ? { state: (lab as { state: string }).state } : { state: 'none' };
      },
    });
  return [
    define('lab.launch', (id, ctx) => engine().launch(id, ctx)),
    define('lab.resume', (id, ctx) => engine().launch(id, ctx, { resumeOnly: true })),
    define('lab.suspend', (id, ctx) => engine().suspend(id, ctx)),
    define('lab.delete', (id, ctx) => engine().delete(id, ctx)),
  ];
}
