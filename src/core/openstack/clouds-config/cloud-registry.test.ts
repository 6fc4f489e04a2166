import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredCloud } from '../../../shared/openstack/stored-cloud';
import { MemorySecretStore, SecretUnavailableError, type SecretStore } from '../../store/secret-store';
import { CloudConfigError, CloudSecretUnavailableError } from '../errors';
import { CloudConfigLoader } from './cloud-config-loader';
import { CloudRegistry } from './cloud-registry';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'registry-'));
  mkdirSync(join(root, 'cwd'));
  writeFileSync(
    join(root, 'cwd', 'clouds.yaml'),
    'clouds: {campus: {auth: {auth_url: "http://campus/v3", username: u, password: p, project_name: x}}}',
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function files(env: NodeJS.ProcessEnv = {}): CloudConfigLoader {
  return new CloudConfigLoader({ env, cwd: join(root, 'cwd'), home: join(root, 'home'), systemDirs: [] });
}

const appCloud: StoredCloud = {
  name: 'school',
  authUrl: 'https://school.example:5000/v3',
  authType: 'v3applicationcredential',
  applicationCredentialId: 'ac-1',
  secretKey: 'openstack/clouds/school',
  labConsole: { rates: { runningPerHour: 0.2, suspendedPerHour: 0.02, currency: 'CHF' }, capacity: 30 },
};

class LockedStore implements SecretStore {
  readonly kind = 'file (AES-256-GCM)';
  async get(key: string): Promise<string | undefined> {
    throw new SecretUnavailableError(key, 'it was encrypted by the desktop keyring');
  }
  async set(): Promise<void> {}
  async delete(): Promise<void> {}
  async keys(): Promise<string[]> {
    return [];
  }
}

describe('CloudRegistry', () => {
  it('merges file clouds with clouds added in the app, reading the secret from the store', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set('openstack/clouds/school', 'app-secret');
    const registry = new CloudRegistry({ files: files(), stored: [appCloud], secrets, defaultCloud: 'school', env: {} });
    expect(registry.names()).toEqual(['campus', 'school']);
    expect(registry.defaultName()).toBe('school');
    const cloud = await registry.get();
    expect(cloud.auth).toMatchObject({
      type: 'v3applicationcredential',
      applicationCredentialId: 'ac-1',
      applicationCredentialSecret: 'app-secret',
    });
    expect(cloud.labConsole.capacity).toBe(30);
    expect((await registry.get('campus')).origin.source).toBe('clouds.yaml');
  });

  it('lets OS_CLOUD beat the default chosen in Settings', () => {
    const registry = new CloudRegistry({
      files: files(),
      stored: [appCloud],
      secrets: new MemorySecretStore(),
      defaultCloud: 'school',
      env: { OS_CLOUD: 'campus' },
    });
    expect(registry.defaultName()).toBe('campus');
  });

  it('names the cloud when its secret cannot be decrypted here', async () => {
    const registry = new CloudRegistry({ files: files(), stored: [appCloud], secrets: new LockedStore(), env: {} });
    const error = await registry.get('school').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudSecretUnavailableError);
    expect((error as Error).message).toMatch(/cloud "school"/);
    expect((error as CloudSecretUnavailableError).cloud).toBe('school');
  });

  it('says which Settings field to fill when the secret is missing', async () => {
    const registry = new CloudRegistry({ files: files(), stored: [appCloud], secrets: new MemorySecretStore(), env: {} });
    const error = await registry.get('school').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudConfigError);
    expect((error as Error).message).toMatch(/Settings › Clouds › school › Application credential secret/);
  });

  it('lists every cloud without reading secrets, marking broken ones with their problem', () => {
    writeFileSync(
      join(root, 'cwd', 'clouds.yaml'),
      'clouds: {campus: {auth: {auth_url: "http://campus/v3", username: u, password: p, project_name: x}}, broken: {auth: {username: u}}}',
    );
    const registry = new CloudRegistry({ files: files(), stored: [appCloud], secrets: new LockedStore(), env: {} });
    const list = registry.list();
    expect(list.map((c) => [c.name, c.source, c.problem === undefined])).toEqual([
      ['campus', 'clouds.yaml', true],
      ['broken', 'clouds.yaml', false],
      ['school', 'app', true],
    ]);
    expect(list[1]?.problem).toMatch(/auth_url is not set/);
    expect(list[2]?.rates).toEqual({ runningPerHour: 0.2, suspendedPerHour: 0.02, currency: 'CHF' });
  });
});
