/**
 * Settings › Clouds keeps only clouds that sign in, through the app's own handler table (the one
 * every window and browser tab calls) against the sandbox's real Keystone and Heat: a clouds.yaml
 * whose password is wrong is tested on import, like the password form, and not kept, with the
 * reason; a cloud added in the app gets a new password in place, tested first, the old one kept
 * while the new one is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dispatch } from '../../src/core/api/dispatch';
import { runCli } from '../../src/core/cli/cli-main';
import { createAppContext, type AppContext } from '../../src/core/app/app-context';
import { silentLogger } from '../../src/core/log/logger';
import type { ApiErrorShape } from '../../src/shared/contract';
import { learner, type SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { tempHome } from '../support/temp-home';

type Answer = { ok: true; value: any } | { ok: false; error: ApiErrorShape };

/** A learner's clouds.yaml as a school hands it out, with the password inline. */
function cloudsYaml(state: SandboxState, clouds: Record<string, { user: string; password: string; project: string }>): string {
  const entries = Object.fromEntries(
    Object.entries(clouds).map(([name, c]) => [
      name,
      {
        region_name: state.region,
        auth: {
          auth_url: state.keystone.url,
          username: c.user,
          password: c.password,
          project_name: c.project,
          user_domain_name: 'Default',
          project_domain_name: 'Default',
        },
      },
    ]),
  );
  return stringify({ clouds: entries });
}

describeWithSandbox('clouds are tested before they are kept, on the sandbox', (sandbox) => {
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let app: AppContext;
  const call = (name: string, input: unknown): Promise<Answer> => dispatch(app.handlers(), name, input, silentLogger) as Promise<Answer>;
  const names = async (): Promise<string[]> => {
    const listed = await call('clouds.list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    return (listed.value.clouds as { name: string }[]).map((c) => c.name);
  };
  const config = (): string => readFileSync(join(home.path, 'config.json'), 'utf8');

  beforeAll(() => {
    state = sandbox();
    home = tempHome('lc-clouds-import-check-');
    app = createAppContext({ home: home.path, mode: 'cli', logName: 'test' });
  });
  afterAll(() => {
    app?.close();
    home?.remove();
  });

  it('refuses a clouds.yaml cloud whose password Keystone refuses, saying so, and keeps the one that signs in', async () => {
    const me = learner(state, 1);
    const added = await call('clouds.add', {
      kind: 'clouds-yaml',
      cloudsYaml: cloudsYaml(state, {
        'school-typo': { user: me.name, password: 'not-the-password', project: me.projectName },
        'school-right': { user: me.name, password: me.password, project: me.projectName },
      }),
    });
    expect(added.ok, JSON.stringify(added)).toBe(true);
    const value = added.ok ? added.value : {};
    expect(value.added).toEqual(['school-right']);
    expect(value.failed).toEqual([
      expect.objectContaining({ name: 'school-typo', problem: 'credentials', message: expect.stringContaining('"school-typo"') }),
    ]);
    expect(value.failed[0].message).toMatch(/user, password or application credential/);
    expect(await names()).toEqual(['school-right']);
    expect(config()).not.toContain('not-the-password');
    expect(await app.secrets.get('openstack/clouds/school-typo')).toBeUndefined();
  });

  it('changes the password of a cloud in place: a refused one changes nothing, a working one replaces the secret', async () => {
    const me = learner(state, 1);
    const secretKey = (): string => app.settings.get().clouds?.find((c) => c.name === 'school-right')?.secretKey ?? '';
    const before = secretKey();
    expect(await app.secrets.get(before)).toBe(me.password);

    const refused = await call('clouds.update', { kind: 'password', name: 'school-right', password: 'rotated-wrongly' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(refused.ok ? '' : refused.error.message).toContain('"school-right"');
    expect(secretKey()).toBe(before);
    expect(await app.secrets.get(before)).toBe(me.password);
    expect(config()).not.toContain('rotated-wrongly');

    const replaced = await call('clouds.update', { kind: 'password', name: 'school-right', password: me.password });
    expect(replaced.ok, JSON.stringify(replaced)).toBe(true);
    // The new secret under its own key, the old key gone: never a half-written login.
    expect(secretKey()).not.toBe(before);
    expect(await app.secrets.get(secretKey())).toBe(me.password);
    expect(await app.secrets.get(before)).toBeUndefined();
    const checked = await call('clouds.check', { name: 'school-right' });
    expect(checked).toMatchObject({ ok: true, value: { user: me.name, heatReachable: true } });
  });
  it('changes the password from the command line: `cloud update` refused exits 1 and keeps the old login, a working one is saved', async () => {
    const me = learner(state, 1);
    const secretKey = (): string => app.settings.get().clouds?.find((c) => c.name === 'school-right')?.secretKey ?? '';
    const cli = async (password: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['--home', home.path, 'cloud', 'update', ...args], {
        streams: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
        env: { ...process.env, OS_PASSWORD: password },
      });
      return { code, stdout, stderr };
    };
    const before = secretKey();

    const refused = await cli('rotated-wrongly', 'school-right');
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/"school-right"[\s\S]*The cloud keeps its old login\./);
    expect(secretKey()).toBe(before);

    const unknown = await cli(me.password, 'no-such-cloud');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no cloud named "no-such-cloud"');

    const saved = await cli(me.password, 'school-right');
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain('Cloud school-right: the new login signed in and reached Heat; it is saved.');
    expect(secretKey()).not.toBe(before);
    expect(await app.secrets.get(secretKey())).toBe(me.password);
  });
});
