import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testHome } from '../../../test/support/temp-home';
import { confBackend } from './conf-backend';
import { SettingsFileError, SettingsStore, SettingsValidationError } from './settings-store';

describe('SettingsStore over conf', () => {
  it('starts from defaults and writes config.json in the data folder', () => {
    const home = testHome();
    const store = new SettingsStore(confBackend(home.path));
    expect(store.get()).toEqual({ theme: 'system', stepsPaneRatio: 0.42, terminalFontSize: 14 });
    store.update({ theme: 'dark', defaultCloud: 'school' });
    expect(JSON.parse(readFileSync(join(home.path, 'config.json'), 'utf8'))).toMatchObject({ theme: 'dark', defaultCloud: 'school' });
    expect(new SettingsStore(confBackend(home.path)).get().theme).toBe('dark');
    store.update({ defaultCloud: null });
    expect(store.get().defaultCloud).toBeUndefined();
  });

  it('refuses an invalid update naming the field, and changes nothing', () => {
    const home = testHome();
    const store = new SettingsStore(confBackend(home.path));
    expect(() => store.update({ terminalFontSize: 300 })).toThrow(SettingsValidationError);
    expect(() => store.update({ terminalFontSize: 300 })).toThrow(/terminalFontSize/);
    expect(() => store.update({ nonsense: true })).toThrow(SettingsValidationError);
    expect(store.get().terminalFontSize).toBe(14);
  });

  it('falls back to the default for a hand-edited bad value and says which', () => {
    const home = testHome();
    writeFileSync(join(home.path, 'config.json'), JSON.stringify({ theme: 'purple', terminalFontSize: 16 }));
    const warnings: string[] = [];
    const store = new SettingsStore(confBackend(home.path), (m) => warnings.push(m));
    expect(store.get()).toMatchObject({ theme: 'system', terminalFontSize: 16 });
    expect(warnings.join()).toContain('"theme"');
  });

  it('names the file when config.json is not JSON, and leaves it untouched', () => {
    const home = testHome();
    const path = join(home.path, 'config.json');
    writeFileSync(path, '{ "theme": ');
    expect(() => confBackend(home.path)).toThrow(SettingsFileError);
    expect(() => confBackend(home.path)).toThrow(path);
    expect(readFileSync(path, 'utf8')).toBe('{ "theme": ');
  });
});
