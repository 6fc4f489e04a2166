import * as z from 'zod';
import { DesktopActionMessage, DesktopInputMessage } from '../rdp/desktop-session';
import { TerminalInputMessage } from '../ssh/terminal';
import { VncDataMessage } from '../vnc/vnc-session';

/**
 * Live sessions (a terminal, a remote desktop) stream outside the JSON call channel:
 * one duplex stream per session — a WebSocket at `/stream?session=ID` in browser mode, a
 * MessagePort in Electron. Output goes down as raw bytes (binary frames, no per-chunk JSON or zod);
 * everything else is a small control message, validated by whichever side receives it.
 *
 * Flow control: the app counts every byte it sends and holds its source back (pauses the SSH
 * channel, stops sending frames) once too many are unacknowledged; the UI acknowledges bytes once
 * it has consumed them (xterm's write callback, a painted frame), so a slow renderer slows the
 * remote side down instead of piling data up. Acknowledgements are common to every kind of
 * session; input is each kind's own (src/shared/ssh/terminal.ts, src/shared/rdp/desktop-session.ts,
 * src/shared/vnc/vnc-session.ts).
 */

export const STREAM_PATH = '/stream';
/** Upper bound of one control message (a paste is the largest). */
export const MAX_CONTROL_BYTES = 1024 * 1024 + 1024;
/** Session ids are opaque tokens made by the app. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const SessionId = z.string().regex(SESSION_ID_PATTERN);

/** UI → app. */
export const StreamUp = z.discriminatedUnion('t', [
  /** The UI consumed this many more bytes of output. */
  z.strictObject({
    t: z.literal('ack'),
    bytes: z
      .number()
      .int()
      .positive()
      .max(2 ** 40),
  }),
  TerminalInputMessage,
  DesktopInputMessage,
  DesktopActionMessage,
  VncDataMessage,
]);
export type StreamUp = z.infer<typeof StreamUp>;

/** App → UI, besides the output bytes themselves. */
export const StreamDown = z.discriminatedUnion('t', [
  /**
   * The stream is attached; output from here on counts against the acknowledgement window. `window`
   * is the high watermark, for a UI that wants to size its own buffers. `replay` (a terminal): this
   * many bytes of kept output (the scrollback) come first, from a clean screen, then live output.
   */
  z.strictObject({
    t: z.literal('ready'),
    sessionId: SessionId,
    window: z.number().int().positive(),
    replay: z.number().int().nonnegative().optional(),
  }),
  /** The session ended: the app closes the stream after this. */
  z.strictObject({ t: z.literal('end'), reason: z.string().max(2000) }),
]);
export type StreamDown = z.infer<typeof StreamDown>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): ParseResult<T> {
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.length > MAX_CONTROL_BYTES) return { ok: false, error: `control message of ${raw.length} characters is over the limit` };
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, error: 'control message is not JSON' };
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `invalid control message: ${issue?.path.join('.') || '(message)'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, value: parsed.data };
}

/** For the app: a control message from the UI (a JSON string from a WebSocket, an object from a port). */
export const parseStreamUp = (raw: unknown): ParseResult<StreamUp> => parseWith(StreamUp, raw);
/** For the UI: a control message from the app. */
export const parseStreamDown = (raw: unknown): ParseResult<StreamDown> => parseWith(StreamDown, raw);
