/**
 * Settings › Clouds against the sandbox: clouds added through the app's own call handlers (an
 * application credential entered by hand, a clouds.yaml + secure.yaml imported as text), then
 * checked exactly as `lab-console cloud check` does; a wrong secret gives an error that names the
 * cloud and says what to fix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dispatch, type ApiHandlers } from '../../src/core/api/dispatch';
import { silentLogger } from '../../src/core/log/logger';
import { cloudHandlers } from '../../src/core/openstack/clouds-config/cloud-handlers';
import { chooseCredential } from '../../src/core/openstack/credential-choice';
import { confBackend } from '../../src/core/settings/conf-backend';
import { SettingsStore } from '../../src/core/settings/settings-store';
import { MemorySecretStore } from '../../src/core/store/secret-store';
import type { ApiErrorShape } from '../../src/shared/contract';
import { CloudCheckResultSchema } from '../../src/shared/openstack/cloud-check';
import { learner, type SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { tempHome } from '../support/temp-home';

type Answer = { ok: true; value: any } | { ok: false; error: ApiErrorShape };

describeWithSandbox('Settings › Clouds on the sandbox', (sandbox) => {
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let settings: SettingsStore;
  let secrets: MemorySecretStore;
  let handlers: ApiHandlers;
  const call = (name: string, input: unknown): Promise<Answer> => dispatch(handlers, name, input, silentLogger) as Promise<Answer>;

  beforeAll(() => {
    state = sandbox();
    home = tempHome('lc-settings-clouds-');
    settings = new SettingsStore(confBackend(home.path));
    secrets = new MemorySecretStore();
    // No clouds.yaml of the machine: only what the test adds.
    handlers = cloudHandlers({
      settings,
      secrets,
      env: { HOME: home.path },
      search: { cwd: home.path, home: home.path, systemDirs: [] },
    }) as ApiHandlers;
  });
  afterAll(() => home.remove());

  it('adds the sandbox cloud from an application credential and checks it: project, region, endpoints, Heat', async () => {
    const added = await call('clouds.add', {
      kind: 'app-credential',
      name: 'sandbox',
      authUrl: state.keystone.url,
      applicationCredentialId: state.appCredential.id,
      applicationCredentialSecret: state.appCredential.secret,
      regionName: state.region,
    });
    expect(added).toMatchObject({ ok: true, value: { added: ['sandbox'] } });
    expect(readFileSync(join(home.path, 'config.json'), 'utf8')).not.toContain(state.appCredential.secret);

    const checked = await call('clouds.check', { name: 'sandbox' });
    expect(checked.ok, JSON.stringify(checked)).toBe(true);
    const result = CloudCheckResultSchema.parse(checked.ok && checked.value);
    expect(result).toMatchObject({
      cloud: 'sandbox',
      authUrl: state.keystone.url,
      user: state.appCredential.userName,
      project: learner(state, 1).projectName,
      region: state.region,
      heatReachable: true,
    });
    expect(result.endpoints.orchestration).toContain(state.heat.url);
    expect(Date.parse(result.tokenExpiresAt)).toBeGreaterThan(Date.now());
  });

  it('answers a wrong secret with an auth error that names the cloud and the credential', async () => {
    await call('clouds.add', {
      kind: 'app-credential',
      name: 'sandbox-wrong',
      authUrl: state.keystone.url,
      applicationCredentialId: state.appCredential.id,
      applicationCredentialSecret: 'not-the-secret',
    });
    const checked = await call('clouds.check', { name: 'sandbox-wrong' });
    expect(checked).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const message = checked.ok ? '' : checked.error.message;
    expect(message).toContain('cloud "sandbox-wrong"');
    expect(message).toContain(state.appCredential.id);
    expect(message).toContain('HTTP 401');
    expect(message).toMatch(/Check the user, password or application credential/);
  });

  it('imports learner1 from the sandbox clouds.yaml + secure.yaml text, makes it the default and checks it', async () => {
    const added = await call('clouds.add', {
      kind: 'clouds-yaml',
      cloudsYaml: readFileSync(state.files.cloudsYaml, 'utf8'),
      secureYaml: readFileSync(state.files.secureYaml, 'utf8'),
      names: ['learner1'],
    });
    expect(added).toMatchObject({ ok: true, value: { added: ['learner1'] } });
    expect(readFileSync(join(home.path, 'config.json'), 'utf8')).not.toContain(learner(state, 1).password);
    expect(await secrets.get('openstack/clouds/learner1')).toBe(learner(state, 1).password);

    const listed = await call('clouds.setDefault', { name: 'learner1' });
    expect(listed.ok && listed.value.defaultCloud).toBe('learner1');
    const checked = await call('clouds.check', { name: 'learner1' });
    expect(checked).toMatchObject({
      ok: true,
      value: { cloud: 'learner1', user: 'learner1', project: learner(state, 1).projectName, heatReachable: true },
    });
  });

  it('signs in once with a password: keeps the password with Heat’s reason where Heat refuses application credentials', async () => {
    const exchanging = cloudHandlers({
      settings,
      secrets,
      env: { HOME: home.path },
      search: { cwd: home.path, home: home.path, systemDirs: [] },
      exchangePassword: (cloud) => chooseCredential(cloud),
    }) as ApiHandlers;
    const me = learner(state, 3);
    const added = (await dispatch(
      exchanging,
      'clouds.add',
      {
        kind: 'password',
        name: 'signed-in',
        authUrl: state.keystone.url,
        username: me.name,
        password: me.password,
        projectName: me.projectName,
        regionName: state.region,
      },
      silentLogger,
    )) as Answer;
    expect(added.ok, JSON.stringify(added)).toBe(true);
    const warnings: string[] = added.ok ? added.value.warnings : [];
    expect(warnings).toEqual([expect.stringMatching(/refuses to create stacks with an application credential \(Heat answered 403/)]);
    expect(settings.get().clouds?.find((c) => c.name === 'signed-in')).toMatchObject({ authType: 'password', username: me.name });
    expect(await secrets.get('openstack/clouds/signed-in')).toBe(me.password);

    const wrong = (await dispatch(
      exchanging,
      'clouds.add',
      {
        kind: 'password',
        name: 'signed-in-wrong',
        authUrl: state.keystone.url,
        username: me.name,
        password: 'not-the-password',
        projectName: me.projectName,
      },
      silentLogger,
    )) as Answer;
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(wrong.ok ? '' : wrong.error.message).toContain('cloud "signed-in-wrong"');
    expect(settings.get().clouds?.some((c) => c.name === 'signed-in-wrong')).toBe(false);
  });
});
