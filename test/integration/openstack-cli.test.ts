/**
 * `lab-console cloud list` and `lab-console cloud check` against the sandbox, in-process through
 * runCli, with their --json shapes checked against the schemas in src/shared/openstack.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CloudCheckResultSchema } from '../../src/shared/openstack/cloud-check';
import { CloudListSchema } from '../../src/shared/openstack/cloud-summary';
import { runCli } from '../../src/core/cli/cli-main';
import { learner, type SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

describeWithSandbox('lab-console cloud list / cloud check', (sandbox) => {
  let state: SandboxState;
  let work: string;

  async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['--home', join(work, 'home'), ...args], {
      streams: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
      env: {
        HOME: work,
        OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml,
        OS_CLIENT_SECURE_FILE: state.files.secureYaml,
        ...env,
      },
    });
    return { code, stdout, stderr };
  }

  beforeAll(() => {
    state = sandbox();
    work = mkdtempSync(join(tmpdir(), 'lc-cli-cloud-'));
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('lists the clouds of clouds.yaml with OS_CLOUD as the default, never printing a secret', async () => {
    const { code, stdout } = await cli(['--json', 'cloud', 'list'], { OS_CLOUD: 'learner2' });
    expect(code).toBe(0);
    const list = CloudListSchema.parse(JSON.parse(stdout));
    expect(list.defaultCloud).toBe('learner2');
    expect(list.clouds.map((c) => c.name)).toEqual(expect.arrayContaining(['learner1', 'learner2', 'learner1-appcred']));
    expect(list.clouds.find((c) => c.name === 'learner1-appcred')).toMatchObject({
      authType: 'v3applicationcredential',
      source: 'clouds.yaml',
    });
    expect(stdout).not.toContain(learner(state, 1).password);
    expect(stdout).not.toContain(state.appCredential.secret);
  });

  it('checks a password cloud: project, region, endpoints, token expiry, Heat reachable', async () => {
    const { code, stdout } = await cli(['--json', 'cloud', 'check', '--os-cloud', 'learner1']);
    expect(code).toBe(0);
    const result = CloudCheckResultSchema.parse(JSON.parse(stdout));
    expect(result).toMatchObject({
      cloud: 'learner1',
      authUrl: state.keystone.url,
      user: 'learner1',
      project: learner(state, 1).projectName,
      region: state.region,
      interface: 'public',
      endpoints: { identity: state.keystone.url, orchestration: `${state.heat.url}/${learner(state, 1).projectId}` },
      heatReachable: true,
    });
    expect(Date.parse(result.tokenExpiresAt)).toBeGreaterThan(Date.now());
  });

  it('checks the application-credential cloud picked with the global --os-cloud', async () => {
    const { code, stdout } = await cli(['--os-cloud', 'learner1-appcred', 'cloud', 'check']);
    expect(code).toBe(0);
    expect(stdout).toContain('Cloud learner1-appcred: authenticated as learner1');
    expect(stdout).toMatch(/Heat\s+reachable/);
  });

  it('fails with exit 1 naming the cloud and user when Keystone refuses the password', async () => {
    const secure = join(work, 'bad-secure.yaml');
    writeFileSync(secure, 'clouds:\n  learner2:\n    auth:\n      password: wrong\n');
    const { code, stdout } = await cli(['--json', 'cloud', 'check', '--os-cloud', 'learner2'], { OS_CLIENT_SECURE_FILE: secure });
    expect(code).toBe(1);
    const failure = JSON.parse(stdout) as { error: { kind: string; message: string } };
    expect(failure.error.kind).toBe('failed');
    expect(failure.error.message).toContain('cloud "learner2"');
    expect(failure.error.message).toContain('user "learner2"');
  });

  it('fails with exit 2 naming the file and line of a broken clouds.yaml', async () => {
    const broken = join(work, 'clouds.yaml');
    writeFileSync(broken, 'clouds:\n  x:\n    auth: [unclosed\n');
    const { code, stderr } = await cli(['cloud', 'list'], { OS_CLIENT_CONFIG_FILE: broken });
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`${broken}:\\d+`));
  });

  it('names the known clouds when asked for one that does not exist', async () => {
    const { code, stderr } = await cli(['cloud', 'check', '--os-cloud', 'nowhere']);
    expect(code).toBe(2);
    expect(stderr).toContain('Cloud "nowhere" was not found');
    expect(stderr).toContain('learner1');
  });
});
