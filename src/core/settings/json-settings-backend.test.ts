import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { confBackend } from './conf-backend';
import { jsonSettingsBackend } from './json-settings-backend';
import { SettingsFileError, SettingsStore } from './settings-store';

describe('config.json without conf', () => {
  const dirs: string[] = [];
  const home = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-json-settings-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads what conf wrote and writes what conf reads, in the same layout', () => {
    const dir = home();
    new SettingsStore(confBackend(dir)).update({ defaultCloud: 'school' });
    const json = jsonSettingsBackend(dir);
    expect(json.readAll()).toEqual({ defaultCloud: 'school' });
    const before = readFileSync(join(dir, 'config.json'), 'utf8');
    json.replaceAll(json.readAll());
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(before);
    new SettingsStore(json).update({ labClouds: [{ name: 'a', capacity: -1 }], defaultCloud: null });
    expect(confBackend(dir).readAll()).toEqual({ labClouds: [{ name: 'a', capacity: -1 }] });
  });

  it('reads a missing file as empty, and names a broken file instead of replacing it', () => {
    const dir = home();
    expect(jsonSettingsBackend(dir).readAll()).toEqual({});
    writeFileSync(join(dir, 'config.json'), '{"defaultCloud": ');
    expect(() => jsonSettingsBackend(dir).readAll()).toThrow(SettingsFileError);
    expect(() => new SettingsStore(jsonSettingsBackend(dir)).update({ defaultCloud: 'x' })).toThrow(/config\.json/);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe('{"defaultCloud": ');
  });
});
