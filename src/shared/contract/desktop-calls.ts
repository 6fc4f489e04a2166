import { z } from 'zod';
import { COURSE_ID_PATTERN, CONNECTION_NAME_PATTERN } from '../course/course-manifest';
import { RdpErrorKindSchema } from '../rdp/rdp-events';
import { SessionId } from '../stream/stream-protocol';

/**
 * The remote desktop's control calls (spread into `calls` in contract.ts). Pixels, input and
 * acknowledgements do not go through here: they use the session's stream (src/shared/stream and
 * src/shared/rdp/desktop-frame.ts).
 */
const Ok = z.object({ ok: z.literal(true) });

/** Desktop size in pixels; MS-RDPBCGR 2.2.1.3.2 (TS_UD_CS_CORE) caps the classic size fields at 4096. */
export const DESKTOP_MIN_SIZE = 200;
export const DESKTOP_MAX_SIZE = 4096;
const Size = {
  width: z.number().int().min(DESKTOP_MIN_SIZE).max(DESKTOP_MAX_SIZE),
  height: z.number().int().min(DESKTOP_MIN_SIZE).max(DESKTOP_MAX_SIZE),
};

export const DesktopStatusSchema = z.enum([
  'connecting',
  'connected',
  /** The connection dropped (or a resize is being applied): connecting again by itself. */
  'reconnecting',
  /** The lab is suspended: offer Resume; never resume on our own (it would undo every idle suspend). */
  'lab-suspended',
  'closed',
  'failed',
]);
export type DesktopStatus = z.infer<typeof DesktopStatusSchema>;

export const DesktopStatusEventSchema = z.object({
  sessionId: z.string().min(1).max(200),
  status: DesktopStatusSchema,
  /** The sentence to show, written for the learner. */
  message: z.string().optional(),
  failure: z.union([RdpErrorKindSchema, z.literal('disconnected'), z.literal('unavailable')]).optional(),
  /** Set with `certificate-changed`: SHA-256 of the certificates (DER), lowercase hex. */
  expectedSha256: z.string().optional(),
  actualSha256: z.string().optional(),
  /** Set with `connected`: the desktop size the server accepted. */
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
export type DesktopStatusEvent = z.infer<typeof DesktopStatusEventSchema>;

export const desktopCalls = {
  /** Opens an RDP session to one rdp connection of the course's running lab; attach a stream to see it. */
  'desktop.open': {
    input: z
      .object({
        courseId: z.string().regex(COURSE_ID_PATTERN),
        connection: z.string().regex(CONNECTION_NAME_PATTERN),
        ...Size,
      })
      .strict(),
    output: z.object({ sessionId: SessionId }),
  },
  /** The pane changed size: the app reconnects at the new size once it has settled. */
  'desktop.resize': { input: z.object({ sessionId: SessionId, ...Size }).strict(), output: Ok },
  'desktop.close': { input: z.object({ sessionId: SessionId }).strict(), output: Ok },
  /** Connect again now, after a failure (a suspended lab is resumed with `lab.resume`, on the learner's click). */
  'desktop.reconnect': { input: z.object({ sessionId: SessionId }).strict(), output: Ok },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const desktopEvents = {
  'desktop.status': DesktopStatusEventSchema,
} as const;
