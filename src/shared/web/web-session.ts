import * as z from 'zod';
import { SshFailureKindSchema } from '../ssh/terminal';
import { sessionStatusEvent } from '../stream/session-status';

/**
 * The web console's part of the live-session contract: a lab's HTTP(S) service (course.yaml
 * `lab.services`) shown in a Lab tab, reached through an SSH forward over one of the lab's ssh
 * connections. Nothing crosses the session's stream: the page talks to a small proxy of the app on
 * its own 127.0.0.1 port, which a one-time address from `session.webEntry` opens.
 */

/** Why it failed: the ssh connection's reasons, or the service's HTTPS certificate. */
export const WebFailureKindSchema = z.enum([...SshFailureKindSchema.options, 'certificate-changed']);
export type WebFailureKind = z.infer<typeof WebFailureKindSchema>;

export const WebStatusEventSchema = sessionStatusEvent('web', WebFailureKindSchema, {
  /** Set with a host-key failure of the ssh connection (OpenSSH's `SHA256:…` form). */
  expectedFingerprint: z.string().optional(),
  receivedFingerprint: z.string().optional(),
  /** Set with `certificate-changed`: the pinned and the presented certificate, SHA-256 in hex. */
  expectedSha256: z.string().optional(),
  actualSha256: z.string().optional(),
});
export type WebStatusEvent = z.infer<typeof WebStatusEventSchema>;

/** The address that opens a web console once: its own origin, a secret that works one time. */
export const WebEntry = z.object({ url: z.url() });
export type WebEntry = z.infer<typeof WebEntry>;
