import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsFileError, type SettingsBackend } from './settings-store';

/**
 * config.json read and written directly, in the layout conf and electron-store use (one JSON object,
 * tab-indented, replaced atomically). For CLI commands that only need a setting or two: loading conf
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
  const save = (store: Record<string, unknown>): void => {
    mkdirSync(home, { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(store, undefined, '\t'));
    renameSync(temp, path);
  };
  return {
    readAll,
    write: (key, value) => save({ ...readAll(), [key]: value }),
    remove: (key) => {
      const store = readAll();
      delete store[key];
      save(store);
    },
  };
}
