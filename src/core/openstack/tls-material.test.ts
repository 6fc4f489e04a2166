import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger, LogFields } from '../log/logger';
import { CloudConfigLoader } from './clouds-config/cloud-config-loader';
import { CloudConfigError } from './errors';
import { loadTlsMaterial } from './tls-material';

let dir: string;
const warnings: string[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, _fields?: LogFields) => void warnings.push(message),
  error: () => undefined,
  child: () => logger,
};

function cloud(extra: string) {
  writeFileSync(join(dir, 'clouds.yaml'), `clouds:\n  c:\n    auth: {auth_url: "https://k/v3", token: t, project_id: p}\n${extra}`);
  return new CloudConfigLoader({ env: {}, cwd: dir, home: dir, systemDirs: [] }).getCloud('c');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tls-material-'));
  warnings.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadTlsMaterial', () => {
  it('verifies by default and says nothing', async () => {
    expect(await loadTlsMaterial(cloud(''), logger)).toEqual({ verify: true, caPem: undefined, certPem: undefined, keyPem: undefined });
    expect(warnings).toEqual([]);
  });

  it('allows verify: false but warns that the password can be read on the way', async () => {
    expect((await loadTlsMaterial(cloud('    verify: false\n'), logger)).verify).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/TLS verification is off for cloud "c"/);
  });

  it('reads the cacert file', async () => {
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect((await loadTlsMaterial(cloud(`    cacert: ${join(dir, 'ca.pem')}\n`), logger)).caPem).toContain('BEGIN CERTIFICATE');
  });

  it('names the field, file and line of a cacert that cannot be read', async () => {
    const error = await loadTlsMaterial(cloud(`    cacert: ${join(dir, 'missing.pem')}\n`), logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudConfigError);
    expect((error as Error).message).toContain(`${join(dir, 'clouds.yaml')}:4`);
    expect((error as Error).message).toContain('clouds.c.cacert');
    expect((error as Error).message).toContain('ENOENT');
  });

  it('refuses a cacert that holds no certificate', async () => {
    writeFileSync(join(dir, 'ca.pem'), 'not a certificate');
    await expect(loadTlsMaterial(cloud(`    cacert: ${join(dir, 'ca.pem')}\n`), logger)).rejects.toThrow(/holds no PEM certificate/);
  });
});
