/**
 * Where passwords, application-credential secrets and lab private keys live.
 * Never the SQLite store or settings file in clear: Electron gives an OS-keyring-backed
 * implementation (safeStorage); plain Node (CLI, browser mode) uses an encrypted file.
 */
export interface SecretStore {
  /** A short name for diagnostics, e.g. "safeStorage" or "file (AES-256-GCM)". */
  readonly kind: string;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  keys(prefix?: string): Promise<string[]>;
}

/** Raised when a stored secret exists but this process cannot decrypt it (e.g. saved by the desktop app's keyring). */
export class SecretUnavailableError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`The secret "${key}" cannot be read here: ${reason}`);
    this.name = 'SecretUnavailableError';
  }
}

/** In-memory store for tests and for one-shot CLI runs that must not persist anything. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
  async keys(prefix = ''): Promise<string[]> {
    return [...this.values.keys()].filter((k) => k.startsWith(prefix));
  }
}
