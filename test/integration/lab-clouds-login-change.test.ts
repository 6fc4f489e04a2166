/**
 * The lab service's clouds against the sandbox's Keystone (through a proxy that counts requests):
 * a cloud whose sign-in was refused is not asked again with the same login when settings change
 * (clouds lock accounts), but is asked at once with a new one saved in Settings › Clouds, so the
 * lab header stops saying "Sign-in refused" without a click.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appCloudRegistry } from '../../src/core/labs/app-labs';
import { RegistryLabClouds } from '../../src/core/labs/lab-clouds';
import { CloudSettings } from '../../src/core/openstack/clouds-config/cloud-settings';
import { confBackend } from '../../src/core/settings/conf-backend';
import { SettingsStore } from '../../src/core/settings/settings-store';
import { MemorySecretStore } from '../../src/core/store/secret-store';
import type { StoredCloud } from '../../src/shared/openstack/stored-cloud';
import { learner, type SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { FaultProxy } from '../support/fault-proxy';
import { tempHome } from '../support/temp-home';

describeWithSandbox('a refused sign-in and a new login, on the sandbox', (sandbox) => {
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let keystone: FaultProxy;
  let settings: SettingsStore;
  let store: CloudSettings;
  let clouds: RegistryLabClouds;
  let cloud: Omit<StoredCloud, 'secretKey'>;

  beforeAll(async () => {
    state = sandbox();
    home = tempHome('lc-login-change-');
    keystone = await FaultProxy.start(new URL(state.keystone.url).origin);
    settings = new SettingsStore(confBackend(home.path));
    const secrets = new MemorySecretStore();
    store = new CloudSettings(settings, secrets);
    const me = learner(state, 1);
    cloud = {
      name: 'school',
      authUrl: keystone.via(state.keystone.url),
      authType: 'password',
      username: me.name,
      userDomainName: 'Default',
      projectName: me.projectName,
      projectDomainName: 'Default',
      regionName: state.region,
    };
    await store.add([{ cloud, secret: 'the-old-password' }]);
    // No clouds.yaml of the machine: only the cloud above.
    const env = { HOME: home.path, OS_CLIENT_CONFIG_FILE: join(home.path, 'none.yaml') };
    clouds = new RegistryLabClouds(
      () => appCloudRegistry(settings, secrets, env),
      () => ['school'],
    );
  });
  afterAll(async () => {
    await clouds?.close();
    await keystone?.close();
    home?.remove();
  });

  it('leaves a refused login alone when settings change, and tries a new one at once', async () => {
    await expect(clouds.connection('school').then((c) => c.keystone.token())).rejects.toThrow();
    expect(clouds.health('school')?.problem?.kind).toBe('credentials');
    const refusedRequests = keystone.log.length;
    expect(refusedRequests).toBeGreaterThan(0);

    // Another setting changed (the theme, the order): the refused password is not sent again.
    await clouds.loginsChanged();
    expect(keystone.log.length).toBe(refusedRequests);
    expect(clouds.health('school')?.problem?.kind).toBe('credentials');

    await store.replace('school', cloud, learner(state, 1).password);
    await clouds.loginsChanged();
    expect(keystone.log.length).toBeGreaterThan(refusedRequests);
    expect(clouds.health('school')?.problem).toBeNull();
    expect(clouds.health('school')?.lastAnswerAt).not.toBeNull();
  });
});
