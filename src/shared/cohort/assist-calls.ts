import * as z from 'zod';
import { CONNECTION_NAME_PATTERN, COURSE_ID_PATTERN } from '../course/course-manifest';
import { TerminalSize } from '../ssh/terminal';
import { SessionId } from '../stream/stream-protocol';
import { AssistNotice, AssistRecord } from './assist';

/** Assisting a learner, between UI and app (spread into src/shared/contract/contract.ts). */
const CourseId = z.string().regex(COURSE_ID_PATTERN);

export const assistCalls = {
  /**
   * Opens a read-write shell on a learner's lab with the instructor's own credentials on the
   * learner's project (Keystone decides), keeps the assist marker on the lab host while it is open,
   * and logs the assist. Attach a stream to use it; `session.close` ends it.
   */
  'assist.open': {
    input: z
      .object({
        courseId: CourseId,
        stackId: z.string().min(1).max(255),
        /** The learner's project, as the dashboard's row gives it. */
        projectId: z.string().min(1).max(255),
        /** The course's ssh connection (default: its first). */
        connection: z.string().regex(CONNECTION_NAME_PATTERN).optional(),
        ...TerminalSize,
      })
      .strict(),
    output: z.object({ sessionId: SessionId, connection: z.string(), by: z.string(), since: z.string() }),
  },
  /** The assists of one lab in the instructor's log, newest first. */
  'assist.log': {
    input: z.object({ courseId: CourseId, stackId: z.string().min(1).max(255) }).strict(),
    output: z.object({ assists: z.array(AssistRecord) }),
  },
  /** Whether an instructor assists in the learner's lab of this course now (what its terminals last saw). */
  'assist.state': {
    input: z.object({ courseId: CourseId }).strict(),
    output: AssistNotice,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const assistEvents = {
  /** What the learner's terminals see of an instructor's assist changed. */
  'assist.changed': AssistNotice,
} as const satisfies Record<string, z.ZodType>;
