import { createHash } from 'node:crypto';

/**
 * Host key fingerprints in OpenSSH's form: `SHA256:` + unpadded base64 of the SHA-256 of the
 * key blob (ssh-keygen -l, sshkey.c sshkey_fingerprint_raw + SSH_FP_BASE64).
 */
export function sha256Fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside the blob (RFC 4253 §6.6: string "ssh-ed25519", …). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  if (length <= 0 || length > 64 || keyBlob.length < 4 + length) return 'unknown';
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

export class FingerprintFormatError extends Error {
  constructor(readonly value: string) {
    super(
      `"${value}" is not an SSH host key fingerprint. Expected OpenSSH's SHA256 form, e.g. "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s" (ssh-keygen -lf KEY.pub prints it).`,
    );
    this.name = 'FingerprintFormatError';
  }
}

/**
 * Accepts what a template output may publish: `SHA256:base64` (padding optional), or a bare
 * 64-digit hex SHA-256 (with or without colons); returns the canonical `SHA256:base64` form.
 */
export function normalizeFingerprint(value: string): string {
  const text = value.trim();
  const b64 = /^SHA256:([A-Za-z0-9+/]{43})=?$/.exec(text);
  if (b64) return `SHA256:${b64[1]}`;
  const hex = text.replace(/^SHA256:/i, '').replace(/:/g, '');
  if (/^[0-9a-fA-F]{64}$/.test(hex)) {
    return `SHA256:${Buffer.from(hex, 'hex').toString('base64').replace(/=+$/, '')}`;
  }
  throw new FingerprintFormatError(value);
}
