import { z } from 'zod';

/**
 * The terminal's contract between the app (SSH in the main process) and the UI (xterm.js).
 * Output crosses as raw bytes: a chunk may end inside a UTF-8 sequence, and xterm's
 * `write(Uint8Array)` decodes across chunks where a string conversion would not.
 */

/** What the status line shows. */
export const TerminalStatusSchema = z.enum([
  'connecting',
  'connected',
  'reconnecting',
  /** The lab is suspended: offer Resume; never resume on our own (it would undo every idle suspend). */
  'lab-suspended',
  'closed',
  'failed',
]);
export type TerminalStatus = z.infer<typeof TerminalStatusSchema>;

/** Why a connection failed, so the UI can pick its wording and actions (retry, reset the lab, …). */
export const SshFailureKindSchema = z.enum([
  'refused',
  'timeout',
  'auth-failed',
  'host-key-changed',
  'host-key-mismatch',
  'disconnected',
]);
export type SshFailureKind = z.infer<typeof SshFailureKindSchema>;

export const TerminalIdSchema = z.string().min(1).max(200);

export const TerminalStatusEventSchema = z.object({
  terminalId: TerminalIdSchema,
  status: TerminalStatusSchema,
  /** Set with `failed`: the sentence to show, written for the learner. */
  message: z.string().optional(),
  failure: SshFailureKindSchema.optional(),
  /** Set with a host-key failure: the fingerprints in OpenSSH's `SHA256:…` form. */
  expectedFingerprint: z.string().optional(),
  receivedFingerprint: z.string().optional(),
  /** Set with `closed`: the remote shell's exit status, when it sent one. */
  exitCode: z.number().int().optional(),
});
export type TerminalStatusEvent = z.infer<typeof TerminalStatusEventSchema>;

const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'Expected bytes (Uint8Array)' });

/** Output of the remote PTY, app → UI. The UI acknowledges it once xterm has parsed it. */
export const TerminalOutputEventSchema = z.object({
  terminalId: TerminalIdSchema,
  data: bytes,
});
export type TerminalOutputEvent = z.infer<typeof TerminalOutputEventSchema>;

/** UI → app: xterm's write callback fired for `bytes` bytes of output (flow control). */
export const TerminalAckSchema = z.object({
  terminalId: TerminalIdSchema,
  bytes: z.number().int().positive(),
});
export type TerminalAck = z.infer<typeof TerminalAckSchema>;

/** UI → app: keystrokes or pasted text, sent to the shell as they are. */
export const TerminalInputSchema = z.object({
  terminalId: TerminalIdSchema,
  data: z.string().max(1024 * 1024),
});
export type TerminalInput = z.infer<typeof TerminalInputSchema>;

export const TerminalResizeSchema = z.object({
  terminalId: TerminalIdSchema,
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
});
export type TerminalResize = z.infer<typeof TerminalResizeSchema>;
