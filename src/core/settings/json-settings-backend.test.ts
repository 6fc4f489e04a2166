import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { confBackend } from './conf-backend';
import { jsonSettingsBackend } from './json-settings-backend';
import { SettingsFileError } from './settings-store';

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
    confBackend(dir).write('defaultCloud', 'school');
    const json = jsonSettingsBackend(dir);
    expect(json.readAll()).toEqual({ defaultCloud: 'school' });
    const before = readFileSync(join(dir, 'config.json'), 'utf8');
    json.write('defaultCloud', 'school');
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(before);
    json.write('labClouds', ['a', 'b']);
    json.remove('defaultCloud');
    expect(confBackend(dir).readAll()).toEqual({ labClouds: ['a', 'b'] });
  });

  it('reads a missing file as empty, and names a broken file instead of replacing it', () => {
    const dir = home();
    expect(jsonSettingsBackend(dir).readAll()).toEqual({});
    writeFileSync(join(dir, 'config.json'), '{"defaultCloud": ');
    expect(() => jsonSettingsBackend(dir).readAll()).toThrow(SettingsFileError);
    expect(() => jsonSettingsBackend(dir).write('defaultCloud', 'x')).toThrow(/config\.json/);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe('{"defaultCloud": ');
  });
});
