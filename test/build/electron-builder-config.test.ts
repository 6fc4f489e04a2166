import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe('installers: targets, the labconsole:// protocol and icons', () => {
  it('builds AppImage, deb, dmg and nsis, each registering labconsole:// links', () => {
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.mac as { target: string }).target).toBe('dmg');
    expect((config.win as { target: string }).target).toBe('nsis');
    expect(config.protocols).toEqual([{ name: 'Lab Console link', schemes: ['labconsole'] }]);
  });

  it('renders every icon size from assets/icon.svg, where the configuration looks for them', async () => {
    const { makeIcons, ICON_SIZES } = (await import(join(REPO_ROOT, 'scripts', 'make-icons.mjs'))) as {
      makeIcons(outDir: string, trayDir: string): string[];
      ICON_SIZES: number[];
    };
    const out = mkdtempSync(join(tmpdir(), 'lc-icons-'));
    try {
      const files = makeIcons(join(out, 'build', 'icons'), join(out, 'dist', 'icons'));
      expect(files).toHaveLength(ICON_SIZES.length + 1);
      for (const size of ICON_SIZES) {
        const png = readFileSync(join(out, 'build', 'icons', `${size}x${size}.png`));
        // PNG signature, then IHDR's width and height.
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
      }
      const where = (path: string) => join(out, path);
      expect(existsSync(where((config.linux as { icon: string }).icon))).toBe(true);
      expect(existsSync(where((config.mac as { icon: string }).icon))).toBe(true);
      expect(existsSync(where((config.win as { icon: string }).icon))).toBe(true);
      expect(ICON_SIZES).toContain(1024);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
