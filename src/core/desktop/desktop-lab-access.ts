import type { HostKeyPins } from '../connect/ssh';
import type { CertificatePin } from '../connect/rdp/certificate-pin';
import type { LabRunState } from '../terminal/lab-terminal-target';

/** What a desktop needs to reach one connection of a running lab (from the stack's outputs and the secret store). */
export interface DesktopTarget {
  readonly stackId: string;
  readonly protocol: 'ssh' | 'rdp';
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  /** Published by the template: checked strictly instead of trusting on first use. */
  readonly rdpCertSha256?: string;
  readonly jump?: unknown;
}

/** The lab lifecycle, as far as a desktop sees it. */
export interface DesktopLabAccess {
  /** Throws a user-facing error ("no lab running: press Launch") when it cannot. */
  resolve(courseId: string, connection: string): Promise<DesktopTarget>;
  state(courseId: string): Promise<LabRunState>;
}

/** Certificates are remembered beside SSH host keys, per lab stack and connection; this is their key type there. */
export const RDP_CERTIFICATE_KEY_TYPE = 'x509-sha256';

/**
 * The certificate rule for one connection: the template's published hash when there is one,
 * otherwise trust on first use per stack (a reset lab is a new stack and pins afresh).
 */
export function desktopCertificatePin(target: DesktopTarget, connection: string, pins: HostKeyPins): CertificatePin {
  if (target.rdpCertSha256) return { expectedSha256: target.rdpCertSha256, onFirstUse: async () => undefined };
  const key = { stackId: target.stackId, connection, host: target.host, port: target.port };
  return {
    expectedSha256: pins.get(key)?.fingerprint,
    onFirstUse: async (sha256) => {
      const pin = pins.pinIfAbsent(key, RDP_CERTIFICATE_KEY_TYPE, sha256);
      if (pin.fingerprint !== sha256) throw new Error(`another connection to this lab pinned a different certificate (SHA-256 ${pin.fingerprint}) at the same moment`);
    },
  };
}
