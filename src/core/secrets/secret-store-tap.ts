import { SecretUnavailableError, type SecretStore } from '../store/secret-store';
import { processSecrets, type SecretValues } from '../log/secret-values';

/**
 * The secret store as the app uses it: every value read from it or written to it becomes known to
 * the logs, which then mask it wherever it appears. Wrap each store once, where the process builds it.
 */
export function maskedInLogs(store: SecretStore, values: SecretValues = processSecrets): SecretStore {
  return {
    kind: store.kind,
    async get(key) {
      const value = await store.get(key);
      values.add(value);
      return value;
    },
    async set(key, value) {
      values.add(value);
      await store.set(key, value);
    },
    delete: (key) => store.delete(key),
    keys: (prefix) => store.keys(prefix),
  };
}

/**
 * Reads every stored secret so the logs know them all, including ones this process has not used yet
 * but an earlier run may have logged (before Copy diagnostics). Secrets it cannot decrypt are skipped.
 */
export async function learnStoredSecrets(store: SecretStore, values: SecretValues = processSecrets): Promise<void> {
  for (const key of await store.keys()) {
    try {
      values.add(await store.get(key));
    } catch (error) {
      if (!(error instanceof SecretUnavailableError)) throw error;
    }
  }
}
