/**
 * The sandbox's "done when": a learner's lab on the real Keystone + Heat, driven with the
 * reference `openstack` CLI and OpenSSH — password and application-credential auth, the sample
 * template's outputs, SSH with the key from them, suspend/resume stopping and restarting the
 * lab, project isolation between learners, the instructor's view, and delete.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { learner, type SandboxState } from '../sandbox/state';
import { OpenStackCli, SshClient, tcpProbe } from '../sandbox/reference-cli';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

/** Each `openstack` CLI call costs seconds (2–10 s on a busy 2-core machine). */
const CLI_TIMEOUT_MS = 300_000;

interface StackShow {
  id: string;
  stack_status: string;
  stack_status_reason: string;
  outputs: { output_key: string; output_value: unknown }[];
}

interface LabOutputs {
  public_ip: string;
  private_key: string;
  password: string;
  user: string;
  ssh_port: number;
  rdp_port: number;
}

describeWithSandbox('the Keystone + Heat sandbox, seen through the openstack CLI and ssh', (sandbox) => {
  const stackName = `it-sandbox-${process.pid}`;
  let state: SandboxState;
  let cli: OpenStackCli;
  let outputs: LabOutputs;
  let ssh: SshClient;

  beforeAll(() => {
    state = sandbox();
    cli = new OpenStackCli(state);
  });

  afterAll(async () => {
    // leave nothing behind, whatever happened above
    if (cli) await cli.run('learner1', ['stack', 'delete', '--yes', '--wait', stackName]);
    ssh?.dispose();
  });

  it(
    "authenticates learner1 with a password and with the application credential, both in learner1's project",
    async () => {
      const learner1 = learner(state, 1);
      const byPassword = await cli.json<{ project_id: string; user_id: string }>('learner1', ['token', 'issue']);
      const byAppCredential = await cli.json<{ project_id: string; user_id: string }>('learner1-appcred', ['token', 'issue']);
      expect(byPassword).toMatchObject({ project_id: learner1.projectId, user_id: learner1.userId });
      expect(byAppCredential).toMatchObject({ project_id: learner1.projectId, user_id: learner1.userId });
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "creates the sample lab from the course template plus the cloud's Heat environment, with hastexo-style outputs",
    async () => {
      const created = await cli.json<StackShow>('learner1', [
        'stack',
        'create',
        '--wait',
        '-t',
        state.files.sampleTemplate,
        '-e',
        state.files.sampleEnvironment,
        '-e',
        state.files.heatEnvironment,
        '--parameter',
        'run=sample-course',
        stackName,
      ]);
      expect(created.stack_status).toBe('CREATE_COMPLETE');
      const shown = await cli.json<StackShow>('learner1', ['stack', 'show', stackName]);
      const values = Object.fromEntries(shown.outputs.map((o) => [o.output_key, o.output_value]));
      outputs = values as unknown as LabOutputs;
      expect(outputs.public_ip).toBe('127.0.0.1');
      expect(outputs.private_key).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
      expect(outputs.user).toBe(state.lab.user);
      expect(outputs.password).toBe(state.lab.password);
      expect(outputs.ssh_port).toBeTypeOf('number');
      expect(outputs.rdp_port).toBeTypeOf('number');
      expect(outputs.ssh_port).not.toBe(outputs.rdp_port);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'opens an SSH session to the lab host with the key from the outputs',
    async () => {
      ssh = new SshClient({ host: outputs.public_ip, port: outputs.ssh_port, user: outputs.user, privateKey: outputs.private_key });
      const result = await ssh.run('echo "on $(whoami)"');
      expect(result.stderr).toBe('');
      expect(result).toMatchObject({ code: 0, stdout: `on ${state.lab.user}\n` });
      expect(await tcpProbe(outputs.rdp_port)).toBe('open');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'stops answering while the stack is suspended, and answers again (same host key) after resume',
    async () => {
      await cli.json('learner1', ['stack', 'suspend', '--wait', stackName]);
      expect((await cli.json<StackShow>('learner1', ['stack', 'show', stackName])).stack_status).toBe('SUSPEND_COMPLETE');
      expect(await tcpProbe(outputs.ssh_port)).toBe('refused');
      expect(await tcpProbe(outputs.rdp_port)).toBe('refused');
      expect((await ssh.run('true')).code).toBe(255);

      await cli.json('learner1', ['stack', 'resume', '--wait', stackName]);
      expect((await cli.json<StackShow>('learner1', ['stack', 'show', stackName])).stack_status).toBe('RESUME_COMPLETE');
      const again = await ssh.run('echo back', 'strict');
      expect(again).toMatchObject({ code: 0, stdout: 'back\n' });
      expect(await tcpProbe(outputs.rdp_port)).toBe('open');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "hides learner1's lab from learner2, while the instructor sees it in learner1's project",
    async () => {
      const learner1 = learner(state, 1);
      const seenByLearner2 = await cli.json<{ 'Stack Name': string }[]>('learner2', ['stack', 'list']);
      expect(seenByLearner2.map((s) => s['Stack Name'])).not.toContain(stackName);
      const showByLearner2 = await cli.run('learner2', ['stack', 'show', stackName]);
      expect(showByLearner2.code).not.toBe(0);
      expect(showByLearner2.stderr).toMatch(/not found|could not be found/i);

      const instructor = { user: state.instructor.name, password: state.instructor.password, projectName: learner1.projectName };
      const seenByInstructor = await cli.json<{ 'Stack Name': string; 'Stack Status': string }[]>(instructor, ['stack', 'list']);
      expect(seenByInstructor.find((s) => s['Stack Name'] === stackName)?.['Stack Status']).toBe('RESUME_COMPLETE');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "lets the application credential list, suspend and resume learner1's lab, while Heat refuses it a stack create (403)",
    async () => {
      const listed = await cli.json<{ 'Stack Name': string }[]>('learner1-appcred', ['stack', 'list']);
      expect(listed.map((s) => s['Stack Name'])).toContain(stackName);
      await cli.json('learner1-appcred', ['stack', 'suspend', '--wait', stackName]);
      expect(await tcpProbe(outputs.ssh_port)).toBe('refused');
      await cli.json('learner1-appcred', ['stack', 'resume', '--wait', stackName]);
      expect((await ssh.run('echo resumed', 'strict')).stdout).toBe('resumed\n');
      // Heat makes a trust for every new stack; Debian's Keystone refuses trusts to application-credential
      // tokens ("Delegated tokens cannot manage trusts"), even unrestricted ones. See test/sandbox/README.md.
      const token = await cli.json<{ id: string; project_id: string }>('learner1-appcred', ['token', 'issue']);
      const response = await fetch(`${state.heat.url}/${token.project_id}/stacks`, {
        method: 'POST',
        headers: { 'x-auth-token': token.id, 'content-type': 'application/json' },
        body: JSON.stringify({
          stack_name: `${stackName}-appcred`,
          template: { heat_template_version: '2018-08-31', resources: { nothing: { type: 'OS::Heat::None' } } },
        }),
      });
      const body = (await response.json()) as { title?: string };
      expect({ status: response.status, title: body.title }).toEqual({ status: 403, title: 'Forbidden' });
      const after = await cli.json<{ 'Stack Name': string }[]>('learner1', ['stack', 'list']);
      expect(after.map((s) => s['Stack Name'])).not.toContain(`${stackName}-appcred`);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'deletes the lab: the stack is gone and its ports stop answering',
    async () => {
      const deleted = await cli.run('learner1', ['stack', 'delete', '--yes', '--wait', stackName]);
      expect(deleted.code, deleted.stderr).toBe(0);
      const listed = await cli.json<{ 'Stack Name': string }[]>('learner1', ['stack', 'list']);
      expect(listed.map((s) => s['Stack Name'])).not.toContain(stackName);
      expect(await tcpProbe(outputs.ssh_port)).toBe('refused');
      expect(await tcpProbe(outputs.rdp_port)).toBe('refused');
    },
    CLI_TIMEOUT_MS,
  );
});
