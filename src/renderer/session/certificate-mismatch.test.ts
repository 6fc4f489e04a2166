import { describe, expect, it } from 'vitest';
import { certificateMismatch } from './certificate-mismatch';

describe('certificateMismatch', () => {
  it('shows both SHA-256 fingerprints when the certificate changed', () => {
    expect(certificateMismatch({ failure: 'certificate-changed', expectedSha256: 'aa', actualSha256: 'bb' })).toEqual([
      ['Expected SHA-256', 'aa'],
      ['Received SHA-256', 'bb'],
    ]);
  });

  it('shows nothing for any other failure, so retrying stays offered', () => {
    expect(certificateMismatch({ failure: 'unreachable', expectedSha256: 'aa', actualSha256: 'bb' })).toBeUndefined();
    expect(certificateMismatch({})).toBeUndefined();
  });
});
