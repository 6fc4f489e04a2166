import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
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
    if (!existsSync(this.keyPath)) this.createKey();
    const key = Buffer.from(readFileSync(this.keyPath, 'utf8').trim(), 'base64');
    if (key.length !== KEY_BYTES) throw new Error(`The key file ${this.keyPath} is damaged (wrong length).`);
    this.key = key;
    return this.key;
  }

  /**
   * Two processes may start on a new data folder at once: the key is written whole to a file of
   * this process's own and linked into place, which fails if another process's key got there first
   * (then that one is used). A reader never sees a half-written key.
   */
  private createKey(): void {
    mkdirSync(dirname(this.keyPath), { recursive: true, mode: 0o700 });
    const temp = `${this.keyPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(KEY_BYTES).toString('base64'));
      // Every secret is sealed under this key: it must be on disk before anything uses it.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      chmodSync(temp, 0o600);
      linkSync(temp, this.keyPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      // A file system without hard links: an exclusive copy still never replaces another's key.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
      try {
        copyFileSync(temp, this.keyPath, constants.COPYFILE_EXCL);
      } catch (copyError) {
        if ((copyError as NodeJS.ErrnoException).code !== 'EEXIST') throw copyError;
      }
    } finally {
      rmSync(temp, { force: true });
    }
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
