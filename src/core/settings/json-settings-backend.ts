import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFileDurably } from '../store/durable-file';
import { SettingsFileError, type SettingsBackend } from './settings-store';

/**
 * config.json read and written directly, in the layout conf and electron-store use (one JSON object,
 * tab-indented, replaced whole). For CLI commands that only need a setting or two: loading conf
 * (ajv and its schema compiler) costs more than the rest of `lab-console cloud list`.
 */
export function jsonSettingsBackend(home: string): SettingsBackend {
  const path = join(home, 'config.json');
  const readAll = (): Record<string, unknown> => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new SettingsFileError(path, (error as Error).message);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      // Never overwrite a file the user may have hand-edited: say where it is and what is wrong.
      throw new SettingsFileError(path, (error as Error).message);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new SettingsFileError(path, 'it is not a JSON object');
    return { ...(data as Record<string, unknown>) };
  };
  return {
    folder: home,
    readAll,
    // conf's default mode (0666 less the umask): the file holds no secret.
    replaceAll: (next) => replaceFileDurably(path, JSON.stringify(next, undefined, '\t'), 0o666),
  };
}
