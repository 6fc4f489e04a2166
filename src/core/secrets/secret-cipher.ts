/**
 * One way of sealing a secret. The secrets file records which scheme sealed each entry, so a
 * process that lacks a scheme (the CLI cannot use Electron's safeStorage) can say so precisely.
 */
export interface SecretCipher {
  readonly scheme: string;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}
