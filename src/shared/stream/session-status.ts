import * as z from 'zod';
import { messageKeyFields } from '../i18n/message-wire';

/**
 * What every live session (a terminal, a remote desktop) reports about itself, whatever its
 * protocol: one status enum, the failures the session itself can have, and the shape of a status
 * event, which each kind extends with its protocol's failures and details (src/shared/ssh/terminal.ts,
 * src/shared/rdp/desktop-session.ts, src/shared/vnc/vnc-session.ts).
 */

/** The kinds of live session (a shell, a remote desktop over RDP or VNC, a web console); each has its view in the UI and its protocol in src/core/connect. */
export const SESSION_KINDS = ['terminal', 'desktop', 'web', 'vnc'] as const;
export const SessionKindSchema = z.enum(SESSION_KINDS);
export type SessionKindName = z.infer<typeof SessionKindSchema>;

/** What the status line shows. */
export const SessionStatusSchema = z.enum([
  'connecting',
  'connected',
  /** The connection dropped (or a resize is being applied): connecting again by itself. */
  'reconnecting',
  /** The lab is suspended: offer Resume; never resume on our own (it would undo every idle suspend). */
  'lab-suspended',
  'closed',
  'failed',
]);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

/** Failures of the session rather than its protocol: the connection dropped, or the lab could not be reached. */
export const SessionFailureSchema = z.enum(['disconnected', 'unavailable']);

/** A kind's status event: the common fields, its protocol's failures, and its own details. */
export function sessionStatusEvent<K extends SessionKindName, F extends z.ZodType<string>, D extends z.ZodRawShape>(
  kind: K,
  failures: F,
  detail: D,
) {
  return z.object({
    kind: z.literal(kind),
    sessionId: z.string().min(1).max(200),
    status: SessionStatusSchema,
    /** The sentence to show, written for the learner. */
    message: z.string().optional(),
    ...messageKeyFields,
    failure: z.union([SessionFailureSchema, failures]).optional(),
    ...detail,
  });
}
