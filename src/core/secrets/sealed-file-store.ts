import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SecretUnavailableError, type SecretStore } from '../store/secret-store';
import type { SecretCipher } from './secret-cipher';

const SealedFile = z.object({
  version: z.literal(1),
  entries: z.record(z.string(), z.object({ scheme: z.string(), data: z.string() })),
});
type SealedFile = z.infer<typeof SealedFile>;

/**
 * Secrets in one JSON file (mode 0600), each value sealed by a cipher. New values are sealed with
 * the first cipher; any listed cipher can open its own scheme.
 */
export class SealedFileSecretStore implements SecretStore {
  readonly kind: string;

  constructor(
    private readonly path: string,
    private readonly ciphers: readonly [SecretCipher, ...SecretCipher[]],
  ) {
    this.kind = `file ${path} (${ciphers[0].scheme})`;
  }

  private read(): SealedFile {
    if (!existsSync(this.path)) return { version: 1, entries: {} };
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      throw new Error(`The secrets file ${this.path} is not valid JSON (${(error as Error).message}).`);
    }
    const parsed = SealedFile.safeParse(json);
    if (!parsed.success) throw new Error(`The secrets file ${this.path} has an unknown layout.`);
    return parsed.data;
  }

  private write(file: SealedFile): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(file, null, 2), { mode: 0o600 });
    renameSync(temp, this.path);
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.read().entries[key];
    if (!entry) return undefined;
    const cipher = this.ciphers.find((c) => c.scheme === entry.scheme);
    if (!cipher) {
      throw new SecretUnavailableError(
        key,
        `it was sealed with ${entry.scheme}, which only the desktop app can open (this process has ${this.ciphers
          .map((c) => c.scheme)
          .join(', ')})`,
      );
    }
    try {
      return cipher.decrypt(entry.data);
    } catch (error) {
      throw new SecretUnavailableError(key, `decryption failed (${(error as Error).message})`);
    }
  }

  async set(key: string, value: string): Promise<void> {
    const file = this.read();
    file.entries[key] = { scheme: this.ciphers[0].scheme, data: this.ciphers[0].encrypt(value) };
    this.write(file);
  }

  async delete(key: string): Promise<void> {
    const file = this.read();
    if (!(key in file.entries)) return;
    delete file.entries[key];
    this.write(file);
  }

  async keys(prefix = ''): Promise<string[]> {
    return Object.keys(this.read().entries).filter((k) => k.startsWith(prefix));
  }
}
