import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FingerprintFormatError, keyTypeOf, normalizeFingerprint, sha256Fingerprint } from './fingerprint';

// An ed25519 public key blob as ssh-keygen writes it (the base64 field of a .pub line).
const PUB = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const blob = Buffer.from(PUB, 'base64');
const digest = createHash('sha256').update(blob).digest();

describe('host key fingerprints', () => {
  it('formats as OpenSSH does: SHA256 and unpadded base64', () => {
    expect(sha256Fingerprint(blob)).toBe(`SHA256:${digest.toString('base64').replace(/=+$/, '')}`);
    expect(sha256Fingerprint(blob)).not.toContain('=');
  });

  it('reads the key type from the blob', () => {
    expect(keyTypeOf(blob)).toBe('ssh-ed25519');
    expect(keyTypeOf(Buffer.alloc(2))).toBe('unknown');
  });

  it('accepts a published fingerprint with or without padding, or as hex', () => {
    const canonical = sha256Fingerprint(blob);
    expect(normalizeFingerprint(`  ${canonical}=\n`)).toBe(canonical);
    expect(normalizeFingerprint(digest.toString('hex'))).toBe(canonical);
    expect(normalizeFingerprint(digest.toString('hex').match(/../g)!.join(':'))).toBe(canonical);
  });

  it('rejects what is not a SHA-256 fingerprint, naming the expected form', () => {
    expect(() => normalizeFingerprint('MD5:12:34')).toThrow(FingerprintFormatError);
    expect(() => normalizeFingerprint('SHA256:short')).toThrow(/ssh-keygen -lf/);
  });
});
