import * as z from 'zod';
import { COURSE_ID_PATTERN, CONNECTION_NAME_PATTERN } from '../course/course-manifest';
import { DesktopSize, DesktopStatusEventSchema, type DesktopInputMessage } from '../rdp/desktop-session';
import { TerminalSize, TerminalStatusEventSchema, type TerminalInputMessage } from '../ssh/terminal';
import { VncStatusEventSchema, type VncDataMessage } from '../vnc/vnc-session';
import { SessionKindSchema, type SessionKindName } from '../stream/session-status';
import { SessionId } from '../stream/stream-protocol';
import { TabId, WorkspaceTabs } from '../stream/workspace-tabs';
import { ServiceName } from '../course/lab-services';
import { WebEntry, WebStatusEventSchema } from '../web/web-session';

/**
 * The calls of every live session, whatever its kind (spread into `calls` in contract.ts): open
 * one to a connection of the course's running lab, resize it, connect it again, close it; its
 * status arrives as `session.status` events. Output, input and acknowledgements do not go through
 * here: they use the session's stream (src/shared/stream, docs/live-streams.md).
 */
const Ok = z.object({ ok: z.literal(true) });
const Target = { courseId: z.string().regex(COURSE_ID_PATTERN), connection: z.string().regex(CONNECTION_NAME_PATTERN) };

/** `tabId`: the UI's tab the session belongs to, so that a window showing the lab again finds it (`session.list`). */
export const SessionOpenInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('terminal'), ...Target, tabId: TabId.optional(), ...TerminalSize }).strict(),
  z.object({ kind: z.literal('desktop'), ...Target, tabId: TabId.optional(), ...DesktopSize }).strict(),
  /** A web console: `service` names it (course.yaml `lab.services`), `connection` the ssh connection it is reached through. */
  z.object({ kind: z.literal('web'), ...Target, service: ServiceName, tabId: TabId.optional() }).strict(),
  /** No size: the RFB client in the UI asks the server for the pane's size itself (SetDesktopSize). */
  z.object({ kind: z.literal('vnc'), ...Target, tabId: TabId.optional() }).strict(),
]);
export type SessionOpenInput = z.output<typeof SessionOpenInput>;

export const SessionResizeInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('terminal'), sessionId: SessionId, ...TerminalSize }).strict(),
  z.object({ kind: z.literal('desktop'), sessionId: SessionId, ...DesktopSize }).strict(),
]);

export const SessionStatusEventSchema = z.discriminatedUnion('kind', [
  TerminalStatusEventSchema,
  DesktopStatusEventSchema,
  WebStatusEventSchema,
  VncStatusEventSchema,
]);
export type SessionStatusEvent = z.output<typeof SessionStatusEventSchema>;

/** One of the learner's open sessions, as `session.list` tells a window that shows the lab again. */
export const LiveSessionSummary = z.object({
  sessionId: SessionId,
  kind: SessionKindSchema,
  connection: z.string(),
  tabId: z.string().nullable(),
  /** Its latest status, so the window shows it before the next event. */
  status: SessionStatusEventSchema,
});
export type LiveSessionSummary = z.output<typeof LiveSessionSummary>;

/** Omit, kind by kind (a plain Omit of a union keeps only the keys every member has). */
type OmitEach<T, Keys extends PropertyKey> = T extends unknown ? Omit<T, Keys> : never;

/** What a session of kind K was opened with: the course, its connection and the size. */
export type SessionRequestOf<K extends SessionKindName> = OmitEach<Extract<SessionOpenInput, { kind: K }>, 'kind' | 'tabId'>;
export type SessionSizeOf<K extends SessionKindName> = OmitEach<SessionRequestOf<K>, 'courseId' | 'connection'>;
export type SessionStatusOf<K extends SessionKindName> = Extract<SessionStatusEvent, { kind: K }>;
export type SessionFailureOf<K extends SessionKindName> = NonNullable<SessionStatusOf<K>['failure']>;
/** What a kind's status says besides the common fields (fingerprints, the desktop's size, the shell's exit status). */
export type SessionDetailOf<K extends SessionKindName> = OmitEach<
  SessionStatusOf<K>,
  'kind' | 'sessionId' | 'status' | 'message' | 'failure'
>;
/** A kind's input among the stream's control messages. */
export type SessionInputOf<K extends SessionKindName> = {
  terminal: TerminalInputMessage;
  desktop: DesktopInputMessage;
  web: never;
  vnc: VncDataMessage;
}[K];

export const sessionCalls = {
  /** Opens a session to one connection of the course's running lab; attach a stream to see it. */
  'session.open': { input: SessionOpenInput, output: z.object({ sessionId: SessionId }) },
  /**
   * The learner's sessions into a course's lab that are still open: they outlive the window that
   * opened them (another screen, a reload), and a window attaches to them again by id.
   */
  'session.list': { input: z.object({ courseId: Target.courseId }).strict(), output: z.object({ sessions: z.array(LiveSessionSummary) }) },
  /** The view changed size: a terminal takes it at once, a desktop reconnects at it once it has settled. */
  'session.resize': { input: SessionResizeInput, output: Ok },
  'session.close': { input: z.object({ sessionId: SessionId }).strict(), output: Ok },
  /**
   * Connect again now, after a failure. A suspended lab is resumed by `lab.resume` on the
   * learner's action (never on a loop: that would undo every idle suspend); the session then
   * reconnects by itself.
   */
  'session.reconnect': { input: z.object({ sessionId: SessionId }).strict(), output: Ok },
  /**
   * A web console's address for its view: the console's own origin (a port of 127.0.0.1 of its
   * own) and a secret that opens it once. Never the app's origin or token.
   */
  'session.webEntry': { input: z.object({ sessionId: SessionId }).strict(), output: WebEntry },
  /** The learner cleared a terminal: the output the app keeps for the next window goes too. */
  'session.clearScrollback': { input: z.object({ sessionId: SessionId }).strict(), output: Ok },
  /** The tabs of a course's Lab screen as the learner left them (null: never changed; the course's first tabs apply). */
  'session.tabs': { input: z.object({ courseId: Target.courseId }).strict(), output: WorkspaceTabs.nullable() },
  'session.saveTabs': { input: z.object({ courseId: Target.courseId, ...WorkspaceTabs.shape }).strict(), output: Ok },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const sessionEvents = {
  'session.status': SessionStatusEventSchema,
} as const;
