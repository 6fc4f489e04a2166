import { z } from 'zod';

/**
 * The remote desktop's contract between the app (RDP in the main process) and the UI (a canvas).
 * Kept small: status, the rectangles of a frame, and input. Pixels cross as raw RGBA bytes
 * beside the rectangle headers (transferable / binary frames), never inside JSON.
 */

/** Why a session failed, so the UI can pick its wording and actions (retry, forget the certificate, …). */
export const RdpErrorKindSchema = z.enum([
  'connection-refused',
  'connection-failed',
  'tls-failure',
  'certificate-changed',
  'certificate-not-trusted',
  'login-failed',
  'protocol-failure',
]);
export type RdpErrorKind = z.infer<typeof RdpErrorKindSchema>;

export const RdpStatusSchema = z.enum(['connecting', 'ready', 'closed', 'failed']);
export type RdpStatus = z.infer<typeof RdpStatusSchema>;

export const RdpStatusEventSchema = z.object({
  sessionId: z.string().min(1).max(200),
  status: RdpStatusSchema,
  /** Set with `failed`: the sentence to show, written for the learner. */
  message: z.string().optional(),
  failure: RdpErrorKindSchema.optional(),
  /** Set with `certificate-changed`: SHA-256 of the certificates (DER), lowercase hex. */
  expectedSha256: z.string().optional(),
  actualSha256: z.string().optional(),
});
export type RdpStatusEvent = z.infer<typeof RdpStatusEventSchema>;

const coordinate = z.number().int().min(0).max(0xffff);

/** One decoded rectangle of a frame; its width × height × 4 RGBA bytes travel beside it. */
export const RdpRectSchema = z.object({
  x: coordinate,
  y: coordinate,
  width: z.number().int().min(1).max(0xffff),
  height: z.number().int().min(1).max(0xffff),
});
export type RdpRect = z.infer<typeof RdpRectSchema>;

/** UI → app input, in desktop pixels (the UI undoes its canvas scaling). */
export const RdpInputEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mouse-move'), x: coordinate, y: coordinate }),
  z.object({
    type: z.literal('mouse-button'),
    button: z.enum(['left', 'middle', 'right']),
    pressed: z.boolean(),
    x: coordinate,
    y: coordinate,
  }),
  /** `delta` in wheel units (120 a notch); positive scrolls up (or right when horizontal). */
  z.object({
    type: z.literal('wheel'),
    x: coordinate,
    y: coordinate,
    delta: z.number().int().min(-255).max(255),
    horizontal: z.boolean().default(false),
  }),
  /** A physical key: PC/AT set 1 scancode, `extended` for the E0-prefixed keys (arrows, right Ctrl, …). */
  z.object({ type: z.literal('key'), scancode: z.number().int().min(1).max(0x7f), extended: z.boolean(), pressed: z.boolean() }),
  /** A character with no key of its own on the remote layout. */
  z.object({ type: z.literal('unicode'), codePoint: z.number().int().min(1).max(0x10ffff), pressed: z.boolean() }),
]);
export type RdpInputEvent = z.infer<typeof RdpInputEventSchema>;
