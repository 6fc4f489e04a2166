import * as z from 'zod';
import { ImportResult } from '../course/course-library';
import { COURSE_ID_PATTERN } from '../course/course-manifest';

/**
 * Course files crossing the UI boundary as bytes: a bundle picked or dropped in the UI, and the
 * images of a step (read from the library, never from the network).
 */
export const courseTransferCalls = {
  'course.importBytes': {
    input: z
      .object({
        fileName: z
          .string()
          .min(1)
          .max(255)
          .regex(/\.(zip|tar\.gz|tgz)$/i, 'a course bundle is a .zip, .tar.gz or .tgz file'),
        /** 48 MiB of bundle at most through the UI; larger bundles import with the CLI. */
        base64: z
          .string()
          .min(1)
          .max(Math.ceil((48 * 1024 * 1024 * 4) / 3) + 4),
        force: z.boolean().default(false),
      })
      .strict(),
    output: ImportResult,
  },
  'course.asset': {
    input: z.object({ courseId: z.string().regex(COURSE_ID_PATTERN), path: z.string().min(1).max(1024) }).strict(),
    output: z.object({ mediaType: z.string(), base64: z.string() }),
  },
} as const;
