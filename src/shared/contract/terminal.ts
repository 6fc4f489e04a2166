import { z } from 'zod';
import { COURSE_ID_PATTERN, CONNECTION_NAME_PATTERN } from '../course/course-manifest';
import { TerminalStatusEventSchema } from '../ssh/terminal';
import { SessionId } from '../stream/stream-protocol';

/**
 * The terminal's control calls (the contract table spreads them into `calls`). Output, input and
 * acknowledgements do not go through here: they use the session's stream (src/shared/stream).
 */
const Ok = z.object({ ok: z.literal(true) });
const Size = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(1000) };

export const terminalCalls = {
  /** Opens an SSH terminal to one connection of the course's running lab; attach a stream to see it. */
  'terminal.open': {
    input: z
      .object({
        courseId: z.string().regex(COURSE_ID_PATTERN),
        connection: z.string().regex(CONNECTION_NAME_PATTERN),
        ...Size,
      })
      .strict(),
    output: z.object({ sessionId: SessionId }),
  },
  'terminal.resize': { input: z.object({ sessionId: SessionId, ...Size }).strict(), output: Ok },
  'terminal.close': { input: z.object({ sessionId: SessionId }).strict(), output: Ok },
  /**
   * Connect again now, after a failure. A suspended lab is resumed by `lab.resume` on the
   * learner's action (never on a loop: that would undo every idle suspend); the terminal then
   * reconnects by itself.
   */
  'terminal.reconnect': { input: z.object({ sessionId: SessionId }).strict(), output: Ok },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** `terminalId` is the session id of `terminal.open`. */
export const terminalEvents = {
  'terminal.status': TerminalStatusEventSchema,
} as const;
