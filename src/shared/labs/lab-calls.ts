import * as z from 'zod';
import { COURSE_ID_PATTERN } from '../course/course-manifest';
import { LabCostView } from './lab-rates';
import { LabNotice, LabView } from './lab-status';

/** The lab calls and events between UI and app (spread into src/shared/contract/contract.ts). */
const CourseId = z.object({ courseId: z.string().regex(COURSE_ID_PATTERN) }).strict();

export const labCalls = {
  'lab.view': { input: CourseId, output: LabView },
  /** The lab's cost this month and per hour now, from its Heat events (asks the cloud). */
  'lab.cost': { input: CourseId, output: LabCostView },
  'lab.launch': { input: CourseId, output: LabView },
  'lab.suspend': { input: CourseId, output: LabView },
  'lab.resume': { input: CourseId, output: LabView },
  /** Lengthens the running session by the course's `timeouts.extension`, while extensions are left. */
  'lab.extend': { input: CourseId, output: LabView },
  /** Delete and launch again; the UI asks the learner to type the course id first. */
  'lab.reset': { input: CourseId.extend({ confirm: z.string() }).strict(), output: LabView },
  /**
   * Stops what the lab's jobs are waiting for (a retry, a cloud that does not answer): nothing more
   * is sent to the cloud for them. What the cloud already received still happens there.
   */
  'lab.cancel': { input: CourseId, output: LabView },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const labEvents = {
  'lab.changed': LabView,
  'lab.notice': LabNotice,
} as const satisfies Record<string, z.ZodType>;
