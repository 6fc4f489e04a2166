import * as z from 'zod';

/**
 * RDP's failures and input events as both sides name them (the session's contract is in
 * desktop-session.ts; pixels cross as frame messages, desktop-frame.ts).
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

const coordinate = z.number().int().min(0).max(0xffff);

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
