import ElectronStore from 'electron-store';
import type { SettingsBackend } from '../core/settings/settings-store';

/** electron-store over the same config.json that conf writes for the CLI (cwd set explicitly). */
export function electronStoreBackend(home: string): SettingsBackend {
  const store = new ElectronStore<Record<string, unknown>>({ cwd: home, name: 'config', clearInvalidConfig: false });
  return {
    folder: home,
    readAll: () => ({ ...store.store }),
    // SettingsStore calls this under the data folder's lock, as the CLI and browser mode do.
    replaceAll: (next) => {
      store.store = next;
    },
  };
}
