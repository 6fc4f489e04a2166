import { createHash } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { CertificateChanged, CertificateNotTrusted, type RdpError } from './rdp-errors';

/**
 * Trust on first use, per lab: the first certificate a lab's RDP server shows is remembered
 * (`onFirstUse` stores it, or refuses by throwing); later connections must show the same one.
 * The check runs between the TLS handshake and the login, so a mismatch never sees the password.
 */
export interface CertificatePin {
  /** SHA-256 of the certificate remembered for this lab (DER), hex with or without colons. */
  readonly expectedSha256?: string;
  /** Called with the SHA-256 (lowercase hex) when nothing is remembered yet. */
  onFirstUse(sha256: string): Promise<void>;
}

/** SHA-256 of the certificate's DER encoding, lowercase hex (what `openssl x509 -fingerprint -sha256` shows, sans colons). */
export function certificateSha256(certificate: PeerCertificate): string {
  if (!certificate.raw || certificate.raw.length === 0) throw new Error('the server sent no certificate');
  return createHash('sha256').update(certificate.raw).digest('hex');
}

export function normaliseSha256(fingerprint: string): string {
  return fingerprint.replaceAll(':', '').trim().toLowerCase();
}

/** Resolves to undefined when the connection may go on, or to the error that ends it. */
export async function checkPin(pin: CertificatePin, actualSha256: string, host: string, port: number): Promise<RdpError | undefined> {
  if (pin.expectedSha256 !== undefined) {
    const expected = normaliseSha256(pin.expectedSha256);
    return expected === actualSha256 ? undefined : new CertificateChanged(host, port, expected, actualSha256);
  }
  try {
    await pin.onFirstUse(actualSha256);
    return undefined;
  } catch (error) {
    return new CertificateNotTrusted(host, port, actualSha256, error);
  }
}
