import * as z from 'zod';
import { sessionStatusEvent } from '../stream/session-status';

/**
 * The VNC desktop's part of the live-session contract. The RFB protocol itself runs in the UI
 * (noVNC): the stream carries the server's bytes down as they come and the client's bytes up,
 * while the app makes the TCP connection, does the security handshake with the server (VNC
 * password, VeNCrypt TLS with the certificate pinned per lab) and hands the UI a connection that
 * needs no password — the password never leaves the app. See docs/live-streams.md, "VNC".
 */

/** Why a VNC session failed, so the UI can pick its wording and actions. */
export const VncFailureKindSchema = z.enum([
  'connection-refused',
  'connection-failed',
  /** The server closed the connection before it said anything, or during the handshake. */
  'closed-early',
  /** The port answers, but not with RFB (another service, an HTTP server, an SSH server…). */
  'not-vnc',
  /** The server offers only security types the app cannot do. */
  'security-unsupported',
  /** The server refused the connection with a reason (too many failed logins, …). */
  'server-refused',
  'auth-failed',
  'tls-failure',
  'certificate-changed',
  'certificate-not-trusted',
  /** Something the server or the UI's client said could not be followed. */
  'protocol-failure',
]);
export type VncFailureKind = z.infer<typeof VncFailureKindSchema>;

export const VncStatusEventSchema = sessionStatusEvent('vnc', VncFailureKindSchema, {
  /** Set with `certificate-changed`: SHA-256 of the certificates (DER), lowercase hex. */
  expectedSha256: z.string().optional(),
  actualSha256: z.string().optional(),
  /** Set with `connected`: the desktop size and name the server announced. */
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  desktopName: z.string().max(256).optional(),
  /** Set with `connected`: the connection to the server is encrypted (VeNCrypt TLS). */
  encrypted: z.boolean().optional(),
});
export type VncStatusEvent = z.infer<typeof VncStatusEventSchema>;

/** Client bytes in one `vnc-data` message, at most (a long clipboard is sent in several). */
export const MAX_VNC_DATA_BYTES = 256 * 1024;

/** UI → app on the stream: bytes the RFB client sent, base64 (the stream's control messages are JSON). */
export const VncDataMessage = z.strictObject({
  t: z.literal('vnc-data'),
  data: z
    .string()
    .min(4)
    .max(Math.ceil(MAX_VNC_DATA_BYTES / 3) * 4)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
});
export type VncDataMessage = z.infer<typeof VncDataMessage>;
