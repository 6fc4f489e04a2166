import type { LabConnectionTarget } from '../connection-target';
import type { HostKeyPins } from '../ssh/host-key-pins';
import type { CertificatePin } from './certificate-pin';

/** Certificates (RDP's, VNC's) are remembered beside SSH host keys, per lab stack and connection; this is their key type there. */
export const RDP_CERTIFICATE_KEY_TYPE = 'x509-sha256';

/**
 * The certificate rule for one connection: the template's published hash when there is one,
 * otherwise trust on first use per stack (a reset lab is a new stack and pins afresh).
 */
export function labCertificatePin(
  target: LabConnectionTarget,
  connection: string,
  pins: HostKeyPins,
  /** The hash the template publishes for this connection (RDP's by default). */
  published: string | undefined = target.rdpCertSha256,
): CertificatePin {
  if (published) return { expectedSha256: published, onFirstUse: async () => undefined };
  const key = { stackId: target.stackId, connection, host: target.host, port: target.port };
  return {
    expectedSha256: pins.get(key)?.fingerprint,
    onFirstUse: async (sha256) => {
      const pin = pins.pinIfAbsent(key, RDP_CERTIFICATE_KEY_TYPE, sha256);
      if (pin.fingerprint !== sha256)
        throw new Error(`another connection to this lab pinned a different certificate (SHA-256 ${pin.fingerprint}) at the same moment`);
    },
  };
}
