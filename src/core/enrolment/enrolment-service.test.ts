import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredCloud } from '../../shared/openstack/stored-cloud';
import { confBackend } from '../settings/conf-backend';
import { SettingsStore } from '../settings/settings-store';
import { MemorySecretStore } from '../store/secret-store';
import { settingsClouds } from './app-enrolment';
import { EnrolmentFileError, parseEnrolment } from './enrolment-file';
import { EnrolmentService, type AppClouds } from './enrolment-service';

const good = {
  format: 'lab-console-enrolment/1',
  cloud: { name: 'school', authUrl: 'https://keystone.example/v3', username: 'learner7', projectName: 'lab-learner7' },
  course: { id: 'intro-linux', bundle: 'intro-linux-1.0.0.tar.gz' },
};

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The app's clouds in settings of a throw-away data folder, with what settings hold now. */
function settingsOf(
  initial: StoredCloud[] = [],
  defaultCloud?: string,
): AppClouds & { readonly current: StoredCloud[]; readonly default?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lc-enrol-settings-'));
  dirs.push(dir);
  const settings = new SettingsStore(confBackend(dir));
  settings.change(() => ({ clouds: initial.length ? initial : null, defaultCloud: defaultCloud ?? null }));
  const clouds = settingsClouds(settings);
  return Object.defineProperties(clouds, {
    current: { get: () => clouds.list() },
    default: { get: () => settings.get().defaultCloud },
  }) as AppClouds & { current: StoredCloud[]; default?: string };
}

describe('enrolment files', () => {
  it('names the field that is wrong', () => {
    const bad = (value: unknown) => () => parseEnrolment('l7.lab-enrol.json', JSON.stringify(value));
    expect(bad({ ...good, cloud: { ...good.cloud, authUrl: 'keystone' } })).toThrow(/^l7\.lab-enrol\.json: cloud\.authUrl: /);
    expect(bad({ ...good, course: {} })).toThrow('l7.lab-enrol.json: course.id: missing');
    expect(bad({ ...good, format: 'lab-console-enrolment/9' })).toThrow(
      /format: "lab-console-enrolment\/9" is not a format this app reads/,
    );
    expect(bad({ hello: 1 })).toThrow(/format: missing: this is not a Lab Console enrolment file/);
    expect(() => parseEnrolment('x.json', '{oops')).toThrow(EnrolmentFileError);
  });

  it('adds the cloud with its password in the secret store, imports the bundle lying beside the file, and makes the cloud the default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-enrol-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'intro-linux-1.0.0.tar.gz'), 'bundle');
    const clouds = settingsOf();
    const secrets = new MemorySecretStore();
    const library = new Set<string>();
    const imported: string[] = [];
    const service = new EnrolmentService({
      clouds,
      secrets,
      courses: { has: (id) => library.has(id), import: async (path) => void (imported.push(path), library.add('intro-linux')) },
      verify: async () => undefined,
    });
    const result = await service.apply('l7.lab-enrol.json', JSON.stringify(good), 'pw', { bundleDir: dir });
    expect(result).toMatchObject({ cloud: 'school', course: 'imported', defaultCloud: true });
    expect(imported).toEqual([join(dir, 'intro-linux-1.0.0.tar.gz')]);
    expect(clouds.current).toEqual([
      expect.objectContaining({ name: 'school', authType: 'password', username: 'learner7', userDomainName: 'Default' }),
    ]);
    expect(JSON.stringify(clouds.current)).not.toContain('pw"');
    expect(await secrets.get(clouds.current[0]!.secretKey)).toBe('pw');
    expect(clouds.default).toBe('school');
  });

  it('keeps nothing when the cloud refuses the password, and tells the learner to import a bundle it cannot find', async () => {
    const existing: StoredCloud = { name: 'other', authUrl: 'https://o.example/v3', authType: 'password', secretKey: 'k' };
    const clouds = settingsOf([existing], 'other');
    const secrets = new MemorySecretStore();
    const refusing = new EnrolmentService({
      clouds,
      secrets,
      courses: { has: () => false, import: async () => undefined },
      verify: async () => Promise.reject(new Error('401 The request you have made requires authentication.')),
    });
    await expect(refusing.apply('l7.lab-enrol.json', JSON.stringify(good), 'wrong')).rejects.toThrow(
      /did not accept learner7 in project lab-learner7: 401/,
    );
    expect(clouds.current).toEqual([existing]);
    expect(clouds.default).toBe('other');
    expect(await secrets.keys()).toEqual([]);

    const accepting = new EnrolmentService({
      clouds,
      secrets,
      courses: { has: () => false, import: async () => undefined },
      verify: async () => undefined,
    });
    const result = await accepting.apply('l7.lab-enrol.json', JSON.stringify(good), 'pw');
    expect(result).toMatchObject({ course: 'missing', defaultCloud: false });
    expect(result.message).toMatch(/import intro-linux-1\.0\.0\.tar\.gz/);
  });
});
