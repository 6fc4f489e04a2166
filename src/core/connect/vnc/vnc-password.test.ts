import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { vncAuthResponse, vncDesKey } from './vnc-password';

// noVNC's own DES (ported from the original VNC viewer), as an independent reference; the package exports only its RFB class.
interface DesCipher {
  encrypt(algorithm: null, data: Uint8Array): Uint8Array;
}
// @ts-expect-error -- noVNC ships JavaScript without type declarations
const { DESECBCipher } = (await import('../../../../node_modules/@novnc/novnc/core/crypto/des.js')) as {
  DESECBCipher: { importKey(key: number[]): DesCipher };
};

const reference = (challenge: Uint8Array, password: string): Uint8Array => {
  const key = [...password.slice(0, 8)].map((c) => c.charCodeAt(0));
  while (key.length < 8) key.push(0);
  return DESECBCipher.importKey(key).encrypt(null, challenge);
};

describe('VNC password authentication', () => {
  it('answers a challenge exactly as the original VNC DES does, for short, 8-character and longer passwords', () => {
    for (const password of ['a', 'secret', 'S3cr3t!x', 'longer than eight', 'ümlaut']) {
      for (let i = 0; i < 5; i += 1) {
        const challenge = randomBytes(16);
        expect(Buffer.from(vncAuthResponse(challenge, password)).toString('hex'), password).toBe(
          Buffer.from(reference(challenge, password)).toString('hex'),
        );
      }
    }
  });

  it('keys DES with the first 8 characters, each byte bit-reversed', () => {
    expect(vncDesKey('\x01\x80').toString('hex')).toBe('8001000000000000');
    expect(vncDesKey('123456789').equals(vncDesKey('12345678'))).toBe(true);
  });

  it('refuses a challenge that is not 16 bytes', () => {
    expect(() => vncAuthResponse(new Uint8Array(15), 'x')).toThrow(/16 bytes/);
  });
});
