import { z } from 'zod';
import { COURSE_ID_PATTERN, CONNECTION_NAME_PATTERN } from '../course/course-manifest';
import { DesktopSize, DesktopStatusEventSchema, type DesktopInputMessage } from '../rdp/desktop-session';
import { TerminalSize, TerminalStatusEventSchema, type TerminalInputMessage } from '../ssh/terminal';
import type { SessionKindName } from '../stream/session-status';
import { SessionId } from '../stream/stream-protocol';

/**
 * The calls of every live session, whatever its kind (spread into `calls` in contract.ts): open
 * one to a connection of the course's running lab, resize it, connect it again, close it; its
 * status arrives as `session.status` events. Output, input and acknowledgements do not go through
 * here: they use the session's stream (src/shared/stream, docs/live-streams.md).
 */
const Ok = z.object({ ok: z.literal(true) });
const Target = { courseId: z.string().regex(COURSE_ID_PATTERN), connection: z.string().regex(CONNECTION_NAME_PATTERN) };

export const SessionOpenInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('terminal'), ...Target, ...TerminalSize }).strict(),
  z.object({ kind: z.literal('desktop'), ...Target, ...DesktopSize }).strict(),
]);
export type SessionOpenInput = z.output<typeof SessionOpenInput>;

export const SessionResizeInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('terminal'), sessionId: SessionId, ...TerminalSize }).strict(),
  z.object({ kind: z.literal('desktop'), sessionId: SessionId, ...DesktopSize }).strict(),
]);

export const SessionStatusEventSchema = z.discriminatedUnion('kind', [TerminalStatusEventSchema, DesktopStatusEventSchema]);
export type SessionStatusEvent = z.output<typeof SessionStatusEventSchema>;

/** Omit, kind by kind (a plain Omit of a union keeps only the keys every member has). */
type OmitEach<T, Keys extends PropertyKey> = T extends unknown ? Omit<T, Keys> : never;

/** What a session of kind K was opened with: the course, its connection and the size. */
export type SessionRequestOf<K extends SessionKindName> = OmitEach<Extract<SessionOpenInput, { kind: K }>, 'kind'>;
export type SessionSizeOf<K extends SessionKindName> = OmitEach<SessionRequestOf<K>, 'courseId' | 'connection'>;
export type SessionStatusOf<K extends SessionKindName> = Extract<SessionStatusEvent, { kind: K }>;
export type SessionFailureOf<K extends SessionKindName> = NonNullable<SessionStatusOf<K>['failure']>;
/** What a kind's status says besides the common fields (fingerprints, the desktop's size, the shell's exit status). */
export type SessionDetailOf<K extends SessionKindName> = OmitEach<SessionStatusOf<K>, 'kind' | 'sessionId' | 'status' | 'message' | 'failure'>;
/** A kind's input among the stream's control messages. */
export type SessionInputOf<K extends SessionKindName> = { terminal: TerminalInputMessage; desktop: DesktopInputMessage }[K];

export const sessionCalls = {
  /** Opens a session to one connection of the course's running lab; attach a stream to see it. */
  'session.open': { input: SessionOpenInput, output: z.object({ sessionId: SessionId }) },
  /** The view changed size: a terminal takes it at once, a desktop reconnects at it once it has settled. */
  'session.resize': { input: SessionResizeInput, output: Ok },
  'session.close': { input: z.object({ sessionId: SessionId }).strict(), output: Ok },
  /**
   * Connect again now, after a failure. A suspended lab is resumed by `lab.resume` on the
   * learner's action (never on a loop: that would undo every idle suspend); the session then
   * reconnects by itself.
   */
  'session.reconnect': { input: z.object({ sessionId: SessionId }).strict(), output: Ok },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const sessionEvents = {
  'session.status': SessionStatusEventSchema,
} as const;
