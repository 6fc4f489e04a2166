import type {
  SessionDetailOf,
  SessionFailureOf,
  SessionInputOf,
  SessionRequestOf,
  SessionSizeOf,
} from '../../shared/contract/session-calls';
import { englishMessage, type MessageRef } from '../../shared/i18n/message';
import type { SessionKindName } from '../../shared/stream/session-status';
import type { StreamUp } from '../../shared/stream/stream-protocol';
import type { Sentence } from '../api/user-error';
import type { Logger } from '../log/logger';
import type { LabConnectionTarget } from './connection-target';
import type { SshCompanion } from './ssh/ssh-companion';

/**
 * The small part of a live session that belongs to its protocol: what it connects to, what goes
 * down the stream, what the UI's input means. Everything else — the registry, streams attaching
 * and detaching, the orphan timer, read-only viewers, reconnecting with backoff, "lab suspended",
 * activity — is the same for every kind and lives once in src/core/stream (LiveSession).
 */
export interface SessionProtocol<K extends SessionKindName> {
  readonly kind: K;
  /** What the learner calls it, in messages ("The terminal was closed."). */
  readonly noun: string;
  /** Unacknowledged output bytes a stream may hold; announced with `ready`. */
  readonly windowBytes: number;
  /**
   * Keep this many bytes of output in the app and replay them to a stream that attaches (a
   * terminal's scrollback: the learner comes back to the shell as it was). Undefined: nothing is
   * kept, and a new stream gets what the protocol sends it on `streamAttached` (a desktop: the screen).
   */
  readonly scrollbackBytes?: number;
  /** Wait this long for a resize to settle before applying it; undefined: at once. */
  readonly resizeSettleMs?: number;
  /**
   * On a read-only session, the protocol drops the learner's input itself (`ConnectContext.readOnly`):
   * its stream carries the client's own protocol, whose other messages must flow. Otherwise the
   * session drops every input message before the protocol sees it.
   */
  readonly dropsReadOnlyInput?: boolean;
  /** Whether a control message from the stream is this protocol's input. */
  accepts(message: StreamUp): message is SessionInputOf<K>;
  /** Whether an input is the learner at work, which pushes the lab's idle-suspend deadline. */
  isActivity(message: SessionInputOf<K>): boolean;
  /** Starts connecting to a resolved lab connection; throws UnusableConnectionError when it never can. */
  connect(context: ConnectContext<K>): LiveConnection<K>;
  /** Why an attempt failed, and whether another attempt could help (a changed host key: never). */
  failureOf(error: unknown): ConnectFailure<K>;
  /** A kind whose view loads a page (a web console): a fresh one-time address of an open session's page. */
  entryUrl?(sessionId: string): string | undefined;
}

export interface ConnectFailure<K extends SessionKindName> {
  readonly failure: SessionFailureOf<K>;
  /** Retrying cannot fix it: the learner must act (tell the instructor, check the lab's state). */
  readonly final: boolean;
  readonly detail?: SessionDetailOf<K>;
}

/** What one connection attempt gets from its session. */
export interface ConnectContext<K extends SessionKindName> {
  readonly sessionId: string;
  /** What the session was opened with; its size follows resizes. */
  readonly request: Readonly<SessionRequestOf<K>>;
  readonly target: LabConnectionTarget;
  readonly logger: Logger;
  /** Output only (a protocol with `dropsReadOnlyInput` drops the learner's input itself). */
  readonly readOnly: boolean;
  /** Work beside the shell over the same SSH login while it is up (protocols over SSH run it). */
  readonly companion?: SshCompanion;
  /** Output for the stream: sent at once when one is attached, kept until one attaches otherwise. */
  send(data: Uint8Array): void;
  hasStream(): boolean;
  /**
   * The output starts over on the attached stream (a new conversation of a protocol that runs in
   * the UI): the stream is sent `ready` again, and what it had not acknowledged is written off.
   */
  restartOutput(): void;
  /** The learner is at work, as only the protocol can tell from its input (see `isActivity`). */
  activity(): void;
  /** The connection dropped after it was ready: the session looks at the lab and connects again. */
  lost(message: string | Sentence, failure: SessionFailureOf<K>): void;
  /** The remote side ended the session for good (the shell exited): the session closes. */
  ended(reason: string | Sentence, detail?: SessionDetailOf<K>): void;
  /** The learner did something the stream does not carry (a click in a web console): it pushes the idle suspend. */
  activity(): void;
}

/** One connection of a live session; the session makes a new one for every attempt. */
export interface LiveConnection<K extends SessionKindName> {
  /** Settles once the connection is usable, with what its `connected` status says (a desktop's size). */
  readonly ready: Promise<SessionDetailOf<K>>;
  /** A stream attached (a desktop sends it the whole screen). */
  streamAttached(): void;
  /** The stream went away with `unacknowledged` bytes it never acknowledged. */
  streamDetached(unacknowledged: number): void;
  /** The UI consumed `bytes` more bytes of output. */
  ack(bytes: number): void;
  input(message: SessionInputOf<K>): void;
  /** Takes a new size in place, or answers `reconnect` when only a new connection can. */
  resize(size: SessionSizeOf<K>): 'done' | 'reconnect';
  close(): void;
}

/**
 * A protocol's own errors as session failures: the kinds in `final` cannot be fixed by retrying
 * (the learner must act) and carry `detail`; any other error is a dropped connection.
 */
export function failureByKind<K extends SessionKindName, E extends Error & { readonly kind: SessionFailureOf<K> }>(
  error: unknown,
  type: abstract new (...args: never[]) => E,
  final: ReadonlySet<string>,
  detail: (error: E) => SessionDetailOf<K>,
): ConnectFailure<K> {
  if (!(error instanceof type)) return { failure: 'disconnected' as SessionFailureOf<K>, final: false };
  return final.has(error.kind) ? { failure: error.kind, final: true, detail: detail(error) } : { failure: error.kind, final: false };
}

/** The lab's connection cannot serve this protocol as it is set up (wrong protocol, no password): no retry helps. */
export class UnusableConnectionError<K extends SessionKindName> extends Error {
  override readonly name = 'UnusableConnectionError';
  /** The catalogue message the text was made from, if any: the status carries its key. */
  readonly localized: MessageRef | undefined;
  constructor(
    message: string | MessageRef,
    readonly failure: SessionFailureOf<K>,
  ) {
    super(typeof message === 'string' ? message : englishMessage(message));
    this.localized = typeof message === 'string' ? undefined : message;
  }
}
