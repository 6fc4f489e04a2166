import * as z from 'zod';
import { sessionStatusEvent } from '../stream/session-status';

/**
 * The terminal's part of the live-session contract (an SSH PTY shell shown in xterm.js): its size,
 * what its status adds, and its input on the stream. Output crosses the stream as raw bytes: a
 * chunk may end inside a UTF-8 sequence, and xterm's `write(Uint8Array)` decodes across chunks
 * where a string conversion would not.
 */

export const TerminalSize = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(1000) };

/** Why a connection failed, so the UI can pick its wording and actions (retry, resume the lab, …). */
export const SshFailureKindSchema = z.enum(['refused', 'timeout', 'auth-failed', 'host-key-changed', 'host-key-mismatch', 'disconnected']);
export type SshFailureKind = z.infer<typeof SshFailureKindSchema>;

export const TerminalStatusEventSchema = sessionStatusEvent('terminal', SshFailureKindSchema, {
  /** Set with a host-key failure: the fingerprints in OpenSSH's `SHA256:…` form. */
  expectedFingerprint: z.string().optional(),
  receivedFingerprint: z.string().optional(),
  /** Set with `closed`: the remote shell's exit status, when it sent one. */
  exitCode: z.number().int().optional(),
});
export type TerminalStatusEvent = z.infer<typeof TerminalStatusEventSchema>;

/** UI → app on the stream: keystrokes or pasted text, as they are. */
export const TerminalInputMessage = z.strictObject({
  t: z.literal('input'),
  data: z
    .string()
    .min(1)
    .max(1024 * 1024),
});
export type TerminalInputMessage = z.infer<typeof TerminalInputMessage>;
