import * as z from 'zod';
import { sessionStatusEvent } from '../stream/session-status';
import { RdpErrorKindSchema, RdpInputEventSchema } from './rdp-events';

/**
 * The remote desktop's part of the live-session contract (RDP shown on a canvas): its size, what
 * its status adds, and its input on the stream. Pixels go down the stream as frame messages
 * (src/shared/rdp/desktop-frame.ts).
 */

/** Desktop size in pixels; MS-RDPBCGR 2.2.1.3.2 (TS_UD_CS_CORE) caps the classic size fields at 4096. */
export const DESKTOP_MIN_SIZE = 200;
export const DESKTOP_MAX_SIZE = 4096;
export const DesktopSize = {
  width: z.number().int().min(DESKTOP_MIN_SIZE).max(DESKTOP_MAX_SIZE),
  height: z.number().int().min(DESKTOP_MIN_SIZE).max(DESKTOP_MAX_SIZE),
};

export const DesktopStatusEventSchema = sessionStatusEvent('desktop', RdpErrorKindSchema, {
  /** Set with `certificate-changed`: SHA-256 of the certificates (DER), lowercase hex. */
  expectedSha256: z.string().optional(),
  actualSha256: z.string().optional(),
  /** Set with `connected`: the desktop size the server accepted. */
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
export type DesktopStatusEvent = z.infer<typeof DesktopStatusEventSchema>;

/** Events in one `desktop-input` message ("paste as keystrokes" sends a long text in several). */
export const MAX_DESKTOP_EVENTS = 4096;

/** UI → app on the stream: mouse and keyboard events, in order, in desktop pixels (a batch per pointer move or key). */
export const DesktopInputMessage = z.strictObject({
  t: z.literal('desktop-input'),
  events: z.array(RdpInputEventSchema).min(1).max(MAX_DESKTOP_EVENTS),
});

/**
 * UI → app on the stream: `ctrl-alt-del` (the one chord a local keyboard never delivers),
 * `release-keys` (the window lost focus: let go of every key the app pressed, or the remote Ctrl stays down).
 */
export const DesktopActionMessage = z.strictObject({ t: z.literal('desktop-action'), action: z.enum(['ctrl-alt-del', 'release-keys']) });

export type DesktopInputMessage = z.infer<typeof DesktopInputMessage> | z.infer<typeof DesktopActionMessage>;
