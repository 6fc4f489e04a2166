/**
 * The app, browser mode and the CLI share one data folder: real processes writing secrets, clouds
 * and settings into it at the same time lose nothing, and `defaultCloud` never names a cloud that
 * is not there.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { storedClouds } from '../../src/core/openstack/clouds-config/cloud-settings';
import { FileKeyCipher } from '../../src/core/secrets/file-key-cipher';
import { SealedFileSecretStore } from '../../src/core/secrets/sealed-file-store';
import { confBackend } from '../../src/core/settings/conf-backend';
import { SettingsStore } from '../../src/core/settings/settings-store';
import { Settings } from '../../src/shared/contract/settings';
import { ownedSetting, startWriter } from '../support/data-folder-writes';
import { FaultProxy } from '../support/fault-proxy';
import type { JobsChild } from '../support/jobs-process';
import { CLI } from '../support/serve-process';
import { tempHome } from '../support/temp-home';
import { learner } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const homes: Array<{ remove(): void }> = [];
const children: JobsChild[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
    await child.exited;
  }
  for (const home of homes.splice(0)) home.remove();
});

function secretStore(home: string): SealedFileSecretStore {
  return new SealedFileSecretStore(join(home, 'secrets.json'), [new FileKeyCipher(join(home, 'secrets.key'))]);
}

/** What config.json says now; undefined while it cannot be read as a whole. */
function configNow(home: string): Settings | undefined {
  try {
    return Settings.parse(JSON.parse(readFileSync(join(home, 'config.json'), 'utf8')));
  } catch {
    return undefined;
  }
}

const danglingDefault = (s: Settings): boolean => s.defaultCloud !== undefined && !storedClouds(s).some((c) => c.name === s.defaultCloud);

describe('one data folder, three writing processes', () => {
  it(
    'keeps every secret, cloud and setting written at once by three processes, and the default cloud always exists',
    { timeout: 300_000 },
    async () => {
      const home = tempHome('lc-shared-writes-');
      homes.push(home);
      // The key file exists, as after any first start: this test is about the writes themselves.
      await secretStore(home.path).set('seed', 'seed');
      const count = 200;
      const ids = ['w1', 'w2', 'w3'];
      const backends: Record<string, string> = { w1: 'conf', w2: 'json', w3: 'conf' };
      const writers = ids.map((id) => startWriter(['burst', home.path, id, backends[id]!, String(count)]));
      children.push(...writers);
      await Promise.all(writers.map((w) => w.line((l) => l.event === 'ready', 120_000)));

      let samples = 0;
      const dangling: string[] = [];
      const sampler = setInterval(() => {
        const now = configNow(home.path);
        if (!now) return;
        samples++;
        if (danglingDefault(now)) dangling.push(now.defaultCloud!);
      }, 10);
      for (const w of writers) w.process.stdin!.write('go\n');
      const results = await Promise.all(writers.map((w) => w.line((l) => l.event === 'done' || l.event === 'failed', 280_000)));
      clearInterval(sampler);
      expect(results.filter((r) => r.event === 'failed')).toEqual([]);

      const secrets = secretStore(home.path);
      const settings = new SettingsStore(confBackend(home.path)).get();
      const lostSecrets: string[] = [];
      for (const id of ids) {
        for (let k = 0; k < count; k++) {
          if ((await secrets.get(`test/${id}/${k}`)) !== `value ${id} ${k}`) lostSecrets.push(`test/${id}/${k}`);
        }
      }
      const removed = new Set(results.flatMap((r) => r.removed as string[]));
      const expectedClouds = ids
        .flatMap((id) => Array.from({ length: count / 2 }, (_, i) => `${id}-cloud-${i * 2}`))
        .filter((n) => !removed.has(n));
      const cloudNames = new Set(storedClouds(settings).map((c) => c.name));
      const lostClouds = expectedClouds.filter((n) => !cloudNames.has(n));
      const resurrected = [...removed].filter((n) => cloudNames.has(n));
      const lostCloudSecrets: string[] = [];
      for (const name of expectedClouds)
        if ((await secrets.get(`openstack/clouds/${name}`)) !== `secret of ${name}`) lostCloudSecrets.push(name);
      const staleSettings = ids.filter((id) => {
        const [key, value] = Object.entries(ownedSetting(id, count - 1))[0]!;
        return JSON.stringify((settings as Record<string, unknown>)[key]) !== JSON.stringify(value);
      });

      expect({
        lostSecrets: lostSecrets.length,
        lostClouds: lostClouds.length,
        resurrected,
        lostCloudSecrets: lostCloudSecrets.length,
        staleSettings,
        danglingSeenByWriters: results.reduce((n, r) => n + (r.danglingDefaults as number), 0),
        danglingSeenBySampler: dangling.length,
        danglingAtEnd: danglingDefault(settings),
      }).toEqual({
        lostSecrets: 0,
        lostClouds: 0,
        resurrected: [],
        lostCloudSecrets: 0,
        staleSettings: [],
        danglingSeenByWriters: 0,
        danglingSeenBySampler: 0,
        danglingAtEnd: false,
      });
      expect(removed.size).toBe(ids.length * (count / 10));
      expect(samples).toBeGreaterThan(0);
    },
  );
});

describeWithSandbox('a failed enrolment while another process adds a cloud', (sandbox) => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await FaultProxy.start(new URL(sandbox().keystone.url).origin);
  });
  afterAll(async () => proxy.close());

  async function run(command: string[], home: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, '--home', home, ...command], {
        env: { ...process.env, OS_PASSWORD: 'not the password', OS_CLOUD: '' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /**
   * `lab-console enrol` with a wrong password: Keystone's answer is held until `meanwhile` (another
   * process writing the same data folder) is done; then Keystone refuses and the enrolment rolls back.
   */
  async function enrolFailingWhile(
    meanwhile: (home: string) => Promise<void>,
  ): Promise<{ settings: Settings; secrets: SealedFileSecretStore; stderr: string }> {
    const home = tempHome('lc-enrol-race-');
    homes.push(home);
    const state = sandbox();
    const learner1 = learner(state, 1);
    const file = join(home.path, 'learner1.lab-enrol.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'lab-console-enrolment/1',
        cloud: { name: 'school', authUrl: proxy.via(state.keystone.url), username: learner1.name, projectName: learner1.projectName },
        course: { id: 'intro-linux' },
      }),
    );
    let release!: () => void;
    proxy.clear();
    proxy.add({ method: 'POST', path: /\/auth\/tokens/, fault: { kind: 'hold', until: new Promise<void>((r) => (release = r)) } });
    const enrol = run(['enrol', file], home.path);
    const deadline = Date.now() + 60_000;
    while (proxy.seen('POST', /\/auth\/tokens/).length === 0) {
      if (Date.now() > deadline) throw new Error('the enrolment never asked Keystone');
      await new Promise((r) => setTimeout(r, 50));
    }
    // The enrolment has saved its cloud and is waiting for Keystone's answer.
    expect(storedClouds(configNow(home.path)!).map((c) => c.name)).toEqual(['school']);
    await meanwhile(home.path);
    release();
    const result = await enrol;
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/did not accept/);
    return { settings: new SettingsStore(confBackend(home.path)).get(), secrets: secretStore(home.path), stderr: result.stderr };
  }

  async function writer(args: string[]): Promise<void> {
    const child = startWriter(args);
    children.push(child);
    const line = await child.line((l) => l.event === 'done' || l.event === 'failed', 60_000);
    expect(line).toMatchObject({ event: 'done' });
  }

  it(
    'takes back only its own cloud, secret and default: a cloud added meanwhile stays, and the default never names a removed cloud',
    { timeout: 120_000 },
    async () => {
      const { settings, secrets } = await enrolFailingWhile((home) => writer(['add', home, 'other']));
      expect(storedClouds(settings).map((c) => c.name)).toEqual(['other']);
      expect(await secrets.get('openstack/clouds/other')).toBe('secret of other');
      expect(await secrets.get('cloud/school/password')).toBeUndefined();
      expect(danglingDefault(settings)).toBe(false);
    },
  );

  it('keeps a default that another process picked while the enrolment was checking the password', { timeout: 120_000 }, async () => {
    const { settings } = await enrolFailingWhile((home) => writer(['add', home, 'other', 'default']));
    expect(storedClouds(settings).map((c) => c.name)).toEqual(['other']);
    expect(settings.defaultCloud).toBe('other');
  });
});
