import { describe, expect, it } from 'vitest';
import { checkPin } from './certificate-pin';
import { CertificateChanged, CertificateNotTrusted } from './rdp-errors';

const SHA = 'ab'.repeat(32);

describe('certificate pin', () => {
  it('accepts the pinned certificate, written with or without colons, in either case', async () => {
    const onFirstUse = async () => expect.fail('not a first use');
    expect(await checkPin({ expectedSha256: SHA, onFirstUse }, SHA, 'h', 1)).toBeUndefined();
    expect(await checkPin({ expectedSha256: SHA.toUpperCase().match(/../g)!.join(':'), onFirstUse }, SHA, 'h', 1)).toBeUndefined();
  });

  it('refuses another certificate, naming both fingerprints and the server', async () => {
    const refusal = await checkPin({ expectedSha256: SHA, onFirstUse: async () => undefined }, 'cd'.repeat(32), 'lab.example', 3389);
    expect(refusal).toBeInstanceOf(CertificateChanged);
    expect(refusal).toMatchObject({ expectedSha256: SHA, actualSha256: 'cd'.repeat(32) });
    expect(refusal?.message).toContain('lab.example:3389');
  });

  it('hands an unknown certificate to the first-use step, and turns its refusal into an error', async () => {
    const seen: string[] = [];
    expect(await checkPin({ onFirstUse: async (sha) => void seen.push(sha) }, SHA, 'h', 1)).toBeUndefined();
    expect(seen).toEqual([SHA]);
    const refusal = await checkPin({ onFirstUse: async () => Promise.reject(new Error('disk full')) }, SHA, 'h', 1);
    expect(refusal).toBeInstanceOf(CertificateNotTrusted);
    expect(refusal?.message).toMatch(/disk full.*password was not sent/);
  });
});
