import { createCipheriv } from 'node:crypto';

/** RFC 6143 §7.2.2: VNC authentication encrypts a 16-byte challenge with DES, keyed by the password. */
export const VNC_CHALLENGE_BYTES = 16;

/** Bits of a byte in reverse order: VNC's DES key takes each password byte bit-reversed (a quirk of the original code). */
function reverseBits(byte: number): number {
  let out = 0;
  for (let bit = 0; bit < 8; bit += 1) out |= ((byte >> bit) & 1) << (7 - bit);
  return out;
}

/** The DES key of a VNC password: its first 8 characters (Latin-1), zero-padded, each byte bit-reversed. */
export function vncDesKey(password: string): Buffer {
  const key = Buffer.alloc(8);
  const bytes = Buffer.from(password, 'latin1');
  for (let i = 0; i < 8 && i < bytes.length; i += 1) key[i] = reverseBits(bytes[i]!);
  return key;
}

/**
 * The answer to a VNC authentication challenge. OpenSSL 3 keeps single DES in its legacy
 * provider, which Node does not load; triple DES with three equal keys is single DES
 * (E_k(D_k(E_k(x))) = E_k(x)), and it is in the default provider.
 */
export function vncAuthResponse(challenge: Uint8Array, password: string): Buffer {
  if (challenge.length !== VNC_CHALLENGE_BYTES)
    throw new RangeError(`a VNC challenge has ${VNC_CHALLENGE_BYTES} bytes, not ${challenge.length}`);
  const key = vncDesKey(password);
  const cipher = createCipheriv('des-ede3-ecb', Buffer.concat([key, key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(challenge), cipher.final()]);
}
