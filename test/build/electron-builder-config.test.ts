import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/serve-process';

/**
 * electron-builder.yml as electron-builder reads it. Electron cannot be downloaded here, so the
 * packaged binary cannot be inspected: the test checks the configuration electron-builder would
 * apply, against the schema and with the JSON-schema validator electron-builder itself ships.
 */
const fromBuilder = createRequire(createRequire(join(REPO_ROOT, 'package.json')).resolve('electron-builder'));
const fromBuilderLib = createRequire(fromBuilder.resolve('app-builder-lib/package.json'));
const scheme = JSON.parse(readFileSync(fromBuilder.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
const Ajv = (
  fromBuilderLib('ajv') as {
    default: new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] } };
  }
).default;
// electron-builder's own options (out/util/config/schemaValidator.js) but without type coercion:
// "false" as a string must not pass for a boolean fuse.
const validate = new Ajv({ allErrors: true, strict: false }).compile(scheme);

const config = parse(readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('matches the configuration schema electron-builder ships', () => {
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('control: the schema refuses a misspelt fuse and a fuse given as a string', () => {
    expect(validate({ ...config, electronFuses: { runAsNod: false } })).toBe(false);
    expect(validate({ ...config, electronFuses: { runAsNode: 'false' } })).toBe(false);
  });

  it('flips the Electron fuses: no Node mode, no NODE_OPTIONS or --inspect, only an integrity-checked app.asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    // Integrity validation and asar-only loading need the app packed into app.asar.
    expect(config.asar ?? true).toBe(true);
  });
});
