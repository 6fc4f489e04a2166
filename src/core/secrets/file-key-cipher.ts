import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretCipher } from './secret-cipher';

const KEY_BYTES = 32;
const IV_BYTES = 12;

/**
 * AES-256-GCM with a random key kept in a 0600 file beside the data. This keeps secrets out of
 * settings, backups of the database and casual reads; it does not protect against code running as
 * the same user — the desktop app uses the OS keyring (safeStorage) for that.
 */
export class FileKeyCipher implements SecretCipher {
  readonly scheme = 'aes-256-gcm-file';
  private key: Buffer | undefined;

  constructor(private readonly keyPath: string) {}

  private loadKey(): Buffer {
    if (this.key) return this.key;
    if (existsSync(this.keyPath)) {
      const key = Buffer.from(readFileSync(this.keyPath, 'utf8').trim(), 'base64');
      if (key.length !== KEY_BYTES) throw new Error(`The key file ${this.keyPath} is damaged (wrong length).`);
      this.key = key;
    } else {
      mkdirSync(dirname(this.keyPath), { recursive: true, mode: 0o700 });
      const key = randomBytes(KEY_BYTES);
      writeFileSync(this.keyPath, key.toString('base64'), { mode: 0o600, flag: 'wx' });
      chmodSync(this.keyPath, 0o600);
      this.key = key;
    }
    return this.key;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.loadKey(), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(sealed: string): string {
    const raw = Buffer.from(sealed, 'base64');
    const iv = raw.subarray(0, IV_BYTES);
    const tag = raw.subarray(IV_BYTES, IV_BYTES + 16);
    const decipher = createDecipheriv('aes-256-gcm', this.loadKey(), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + 16)), decipher.final()]).toString('utf8');
  }
}
