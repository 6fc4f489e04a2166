import Conf from 'conf';
import { join } from 'node:path';
import { SettingsFileError, type SettingsBackend } from './settings-store';

/**
 * Settings outside Electron. conf is electron-store's engine: same config.json in the same folder
 * (given explicitly as `cwd`), so the app and the CLI read each other's settings.
 */
export function confBackend(home: string): SettingsBackend {
  let conf: Conf<Record<string, unknown>>;
  try {
    conf = new Conf<Record<string, unknown>>({
      cwd: home,
      configName: 'config',
      projectName: 'lab-console',
      projectSuffix: '',
      clearInvalidConfig: false,
    });
  } catch (error) {
    // Never overwrite a file the user may have hand-edited: say where it is and what is wrong.
    throw new SettingsFileError(join(home, 'config.json'), error instanceof Error ? error.message : String(error));
  }
  return {
    folder: home,
    // conf reads the file at every `store` get and writes it atomically (fsync, rename) at every set.
    readAll: () => ({ ...conf.store }),
    replaceAll: (next) => {
      conf.store = next;
    },
  };
}
