import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import { dataFolderLock, type DataFolderLock } from '../store/data-folder-lock';
import { replaceFileDurably } from '../store/durable-file';
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
 *
 * The app, browser mode and the CLI write the same file: every change re-reads it under the data
 * folder's lock and replaces it whole (temporary file, fsync, rename), so no process's write is
 * lost and a reader never sees half a file.
 */
export class SealedFileSecretStore implements SecretStore {
  readonly kind: string;

  constructor(
    private readonly path: string,
    private readonly ciphers: readonly [SecretCipher, ...SecretCipher[]],
    private readonly lock: DataFolderLock = dataFolderLock(dirname(path)),
  ) {
    this.kind = `file ${path} (${ciphers[0].scheme})`;
  }

  private read(): SealedFile {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`The secrets file ${this.path} is not valid JSON (${(error as Error).message}).`);
    }
    const parsed = SealedFile.safeParse(json);
    if (!parsed.success) throw new Error(`The secrets file ${this.path} has an unknown layout.`);
    return parsed.data;
  }

  /** Read-modify-write under the lock: `change` sees the file as it is now, whoever wrote it last. */
  private change(change: (entries: SealedFile['entries']) => boolean): void {
    this.lock.hold(() => {
      const file = this.read();
      if (change(file.entries)) replaceFileDurably(this.path, JSON.stringify(file, null, 2), 0o600);
    });
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
    // Sealed before taking the lock: the safeStorage cipher may ask the OS keyring.
    const sealed = { scheme: this.ciphers[0].scheme, data: this.ciphers[0].encrypt(value) };
    this.change((entries) => {
      entries[key] = sealed;
      return true;
    });
  }

  async delete(key: string): Promise<void> {
    this.change((entries) => {
      if (!(key in entries)) return false;
      delete entries[key];
      return true;
    });
  }

  async keys(prefix = ''): Promise<string[]> {
    return Object.keys(this.read().entries).filter((k) => k.startsWith(prefix));
  }
}
