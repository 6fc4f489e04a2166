import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../../test/support/temp-home';
import type { ApiErrorShape, Settings } from '../../../shared/contract';
import { dispatch, type ApiHandlers } from '../../api/dispatch';
import { silentLogger } from '../../log/logger';
import { confBackend } from '../../settings/conf-backend';
import { SettingsStore } from '../../settings/settings-store';
import { MemorySecretStore } from '../../store/secret-store';
import { cloudHandlers } from './cloud-handlers';
import { StoredCloudSchema } from '../../../shared/openstack/stored-cloud';
import { CloudConfigLoader } from './cloud-config-loader';
import { CloudRegistry } from './cloud-registry';

const SECRET = 's3cr3t-never-in-settings';

let home: ReturnType<typeof tempHome>;
let settings: SettingsStore;
let secrets: MemorySecretStore;
let changes: Settings[];
let handlers: ApiHandlers;

function build(env: NodeJS.ProcessEnv = {}): ApiHandlers {
  return cloudHandlers({
    settings,
    secrets,
    env: { HOME: home.path, ...env },
    search: { cwd: join(home.path, 'cwd'), home: home.path, systemDirs: [] },
    onChange: (s) => changes.push(s),
  }) as ApiHandlers;
}

async function call(name: string, input: unknown): Promise<{ ok: true; value: any } | { ok: false; error: ApiErrorShape }> {
  return dispatch(handlers, name, input, silentLogger) as Promise<{ ok: true; value: any } | { ok: false; error: ApiErrorShape }>;
}

function configJson(): string {
  return readFileSync(join(home.path, 'config.json'), 'utf8');
}

const appCredential = {
  kind: 'app-credential',
  name: 'school',
  authUrl: 'https://keystone.school.example:5000/v3',
  applicationCredentialId: 'ac-123',
  applicationCredentialSecret: SECRET,
  regionName: 'RegionOne',
};

beforeEach(() => {
  home = tempHome('lc-clouds-');
  settings = new SettingsStore(confBackend(home.path));
  secrets = new MemorySecretStore();
  changes = [];
  handlers = build();
});
afterEach(() => home.remove());

describe('clouds.add with an application credential', () => {
  it('keeps the secret in the SecretStore only and lists the cloud as the default', async () => {
    const added = await call('clouds.add', appCredential);
    expect(added.ok).toBe(true);
    expect(await secrets.get('openstack/clouds/school')).toBe(SECRET);
    expect(configJson()).not.toContain(SECRET);
    expect(configJson()).toContain('ac-123');
    const list = await call('clouds.list', {});
    expect(list.ok && list.value.clouds).toEqual([
      expect.objectContaining({
        name: 'school',
        kind: 'app-credential',
        source: 'app',
        region: 'RegionOne',
        isDefault: true,
        removable: true,
        capacity: -1,
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain(SECRET);
    expect(changes).toHaveLength(1);
  });

  it('refuses a second cloud of the same name, saying which exists and what to do', async () => {
    await call('clouds.add', appCredential);
    const again = await call('clouds.add', { ...appCredential, applicationCredentialSecret: 'other' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!again.ok && again.error.message).toMatch(/"school" \(added in the app\) already exists.*remove the existing one/);
    expect(await secrets.get('openstack/clouds/school')).toBe(SECRET);
  });

  it('refuses a name taken by a clouds.yaml cloud, naming the file', async () => {
    const file = join(home.path, 'clouds.yaml');
    writeFileSync(file, 'clouds:\n  school:\n    auth: {auth_url: "https://k/v3", username: u, password: p, project_name: x}\n');
    handlers = build({ OS_CLIENT_CONFIG_FILE: file });
    const result = await call('clouds.add', appCredential);
    expect(!result.ok && result.error.message).toContain(`"school" (in ${file}) already exists`);
  });

  it('names the field of bad input', async () => {
    const result = await call('clouds.add', { ...appCredential, authUrl: 'keystone.example', name: 'bad name!' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const paths = !result.ok ? result.error.issues?.map((i) => i.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['authUrl', 'name']));
  });
});

describe('clouds.add with a password', () => {
  it('stores user, project and domains in settings and the password in the SecretStore', async () => {
    const result = await call('clouds.add', {
      kind: 'password',
      name: 'campus',
      authUrl: 'http://127.0.0.1:5000/v3',
      username: 'ada',
      password: SECRET,
      projectName: 'lab',
    });
    expect(result.ok).toBe(true);
    expect(settings.get().clouds).toEqual([
      expect.objectContaining({
        name: 'campus',
        authType: 'password',
        username: 'ada',
        projectName: 'lab',
        userDomainName: 'Default',
        projectDomainName: 'Default',
        secretKey: 'openstack/clouds/campus',
      }),
    ]);
    expect(configJson()).not.toContain(SECRET);
  });
});

describe('clouds.add from a clouds.yaml', () => {
  const cloudsYaml = [
    'clouds:',
    '  alpha:',
    '    region_name: R1',
    '    auth:',
    '      auth_url: https://alpha.example/v3',
    '      username: ada',
    '      project_name: lab',
    '      user_domain_name: Default',
    '      project_domain_name: Default',
    '    lab_console:',
    '      capacity: 5',
    '  beta:',
    '    auth_type: v3applicationcredential',
    '    auth:',
    '      auth_url: https://beta.example/v3',
    '      application_credential_id: ac-b',
    '',
  ].join('\n');
  const secureYaml = `clouds:\n  alpha:\n    auth:\n      password: ${SECRET}\n`;

  it('imports the chosen clouds with their secrets from secure.yaml', async () => {
    const result = await call('clouds.add', { kind: 'clouds-yaml', cloudsYaml, secureYaml, names: ['alpha'] });
    expect(result).toMatchObject({ ok: true, value: { added: ['alpha'] } });
    expect(await secrets.get('openstack/clouds/alpha')).toBe(SECRET);
    expect(configJson()).not.toContain(SECRET);
    const list = await call('clouds.list', {});
    expect(list.ok && list.value.clouds).toEqual([
      expect.objectContaining({ name: 'alpha', kind: 'password', region: 'R1', capacity: 5, project: 'lab' }),
    ]);
  });

  it('inspects a file: each cloud, with the field and line of what keeps it from being imported', async () => {
    await call('clouds.add', appCredential);
    const result = await call('clouds.inspectYaml', { cloudsYaml: cloudsYaml.replace('  alpha:', '  school:') });
    expect(result.ok).toBe(true);
    const clouds = result.ok ? result.value.clouds : [];
    expect(clouds.map((c: { name: string }) => c.name)).toEqual(['school', 'beta']);
    expect(clouds[0]).toMatchObject({ exists: true });
    expect(clouds[0].problem).toMatch(/clouds\.yaml:4, field clouds\.school\.auth\.password: cloud "school": password is not set/);
    expect(clouds[1].problem).toMatch(/clouds\.yaml:\d+.*application_credential_secret/);
  });

  it('refuses to import a cloud with a problem, and saves nothing', async () => {
    const result = await call('clouds.add', { kind: 'clouds-yaml', cloudsYaml, secureYaml });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!result.ok && result.error.message).toContain('beta');
    expect(settings.get().clouds).toBeUndefined();
  });

  it('names the line of a YAML syntax error', async () => {
    const result = await call('clouds.add', { kind: 'clouds-yaml', cloudsYaml: 'clouds:\n  a:\n    auth: {auth_url: x\n  b: [\n' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!result.ok && result.error.message).toMatch(/^clouds\.yaml:\d+: invalid YAML/);
  });

  it('says which cloud a file lacks', async () => {
    const result = await call('clouds.add', { kind: 'clouds-yaml', cloudsYaml, secureYaml, names: ['gamma'] });
    expect(!result.ok && result.error.message).toBe('clouds.yaml has no cloud named "gamma" (it has: alpha, beta).');
  });
});

describe('default, order and removal', () => {
  beforeEach(async () => {
    await call('clouds.add', appCredential);
    await call('clouds.add', { ...appCredential, name: 'backup', applicationCredentialSecret: 'b' });
  });

  it('sets the default cloud and the fallback order with capacities', async () => {
    expect((await call('clouds.setDefault', { name: 'backup' })).ok).toBe(true);
    const ordered = await call('clouds.setOrder', {
      order: [
        { name: 'backup', capacity: 3 },
        { name: 'school', capacity: -1 },
      ],
    });
    expect(ordered.ok && ordered.value.order).toEqual([
      { name: 'backup', capacity: 3 },
      { name: 'school', capacity: -1 },
    ]);
    expect(ordered.ok && ordered.value.clouds).toEqual([
      expect.objectContaining({ name: 'school', order: 2, capacity: -1, isDefault: false }),
      expect.objectContaining({ name: 'backup', order: 1, capacity: 3, isDefault: true }),
    ]);
    expect(settings.get().labClouds).toEqual([
      { name: 'backup', capacity: 3 },
      { name: 'school', capacity: -1 },
    ]);
  });

  it('refuses an order naming an unknown cloud, a cloud twice, or a bad capacity', async () => {
    expect(await call('clouds.setOrder', { order: [{ name: 'nowhere', capacity: 1 }] })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const twice = await call('clouds.setOrder', {
      order: [
        { name: 'school', capacity: 1 },
        { name: 'school', capacity: 2 },
      ],
    });
    expect(!twice.ok && twice.error.issues?.[0]).toMatchObject({ path: 'order', message: 'A cloud appears twice in the order.' });
    const bad = await call('clouds.setOrder', { order: [{ name: 'school', capacity: -2 }] });
    expect(!bad.ok && bad.error.issues?.[0]?.path).toBe('order.0.capacity');
  });

  it('reports LAB_CONSOLE_LAB_CLOUDS as overriding the order of Settings', async () => {
    await call('clouds.setOrder', { order: [{ name: 'school', capacity: 2 }] });
    handlers = build({ LAB_CONSOLE_LAB_CLOUDS: 'backup' });
    const list = await call('clouds.list', {});
    expect(list.ok && list.value).toMatchObject({ orderOverride: 'backup', order: [{ name: 'backup', capacity: -1 }] });
  });

  it('removes a cloud with its secret, its default and its place in the order', async () => {
    await call('clouds.setDefault', { name: 'school' });
    await call('clouds.setOrder', {
      order: [
        { name: 'school', capacity: 1 },
        { name: 'backup', capacity: 1 },
      ],
    });
    const removed = await call('clouds.remove', { name: 'school' });
    expect(removed.ok && removed.value.clouds.map((c: { name: string }) => c.name)).toEqual(['backup']);
    expect(await secrets.get('openstack/clouds/school')).toBeUndefined();
    expect(settings.get()).toMatchObject({ labClouds: [{ name: 'backup', capacity: 1 }] });
    expect(settings.get().defaultCloud).toBeUndefined();
  });

  it('will not remove a clouds.yaml cloud, and says where to edit it', async () => {
    const file = join(home.path, 'clouds.yaml');
    writeFileSync(file, 'clouds:\n  campus:\n    auth: {auth_url: "https://k/v3", username: u, password: p, project_name: x}\n');
    handlers = build({ OS_CLIENT_CONFIG_FILE: file });
    const result = await call('clouds.remove', { name: 'campus' });
    expect(!result.ok && result.error.message).toBe(`Cloud "campus" is in ${file}, not added in the app: remove it there.`);
  });
});

describe('clouds.check', () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('fails with a network error that names the cloud and the Keystone it could not reach', async () => {
    // A port that was just free: nothing listens there once the server is closed.
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await call('clouds.add', { ...appCredential, authUrl: `http://127.0.0.1:${port}/v3` });
    const result = await call('clouds.check', { name: 'school' });
    expect(result).toMatchObject({ ok: false, error: { code: 'network' } });
    expect(!result.ok && result.error.message).toMatch(
      new RegExp(`^Cloud "school": Network error talking to .*127\\.0\\.0\\.1:${port}.*connection refused`),
    );
  });

  it('says which clouds exist when asked for an unknown one', async () => {
    await call('clouds.add', appCredential);
    expect(await call('clouds.check', { name: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'There is no cloud named "nope". Known clouds: school.' },
    });
  });
});

/** The registry the app's labs and cohort read clouds from (src/core/labs/app-labs.ts appCloudRegistry). */
function appCloudRegistry(store: SettingsStore, keys: MemorySecretStore, env: NodeJS.ProcessEnv): CloudRegistry {
  return new CloudRegistry({
    files: new CloudConfigLoader({ env, cwd: join(home.path, 'cwd'), home: home.path, systemDirs: [] }),
    stored: StoredCloudSchema.array().parse((store.get() as { clouds?: unknown }).clouds ?? []),
    secrets: keys,
    defaultCloud: store.get().defaultCloud,
    env,
  });
}

describe('clouds.setRates', () => {
  it('keeps the rates of a cloud added here where the cost computation reads them, and clears them with null', async () => {
    expect((await call('clouds.add', appCredential)).ok).toBe(true);
    const rates = {
      runningPerHour: 1.5,
      suspendedPerHour: 0.02,
      currency: 'CHF',
      flavors: { 'm1.large': { runningPerHour: 3, suspendedPerHour: 0.05 } },
    };
    const set = await call('clouds.setRates', { name: 'school', rates });
    expect(set.ok && set.value.clouds[0].rates).toEqual(rates);
    const cloud = await appCloudRegistry(settings, secrets, { HOME: home.path }).get('school');
    expect(cloud.labConsole.rates).toEqual(rates);
    expect(await secrets.get('openstack/clouds/school')).toBe(SECRET); // the login is kept
    await call('clouds.setRates', { name: 'school', rates: null });
    expect((await appCloudRegistry(settings, secrets, { HOME: home.path }).get('school')).labConsole.rates).toBeUndefined();
  });

  it('refuses a negative rate and a currency that is not ISO 4217, keeping the old rates', async () => {
    await call('clouds.add', appCredential);
    await call('clouds.setRates', { name: 'school', rates: { runningPerHour: 1, suspendedPerHour: 0, currency: 'EUR' } });
    for (const rates of [
      { runningPerHour: -1, suspendedPerHour: 0, currency: 'EUR' },
      { runningPerHour: 1, suspendedPerHour: 0, currency: 'EURO' },
      { runningPerHour: 1, suspendedPerHour: 0, currency: 'XYZ' },
      { runningPerHour: 1, suspendedPerHour: 0, currency: 'EUR', flavors: { 'm1.large': { runningPerHour: -3, suspendedPerHour: 0 } } },
    ]) {
      const refused = await call('clouds.setRates', { name: 'school', rates });
      expect(refused.ok, JSON.stringify(rates)).toBe(false);
      expect(!refused.ok && refused.error.code).toBe('invalid_input');
    }
    expect((await appCloudRegistry(settings, secrets, { HOME: home.path }).get('school')).labConsole.rates?.currency).toBe('EUR');
  });
});
