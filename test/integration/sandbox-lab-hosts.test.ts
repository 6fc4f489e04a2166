/**
 * The sandbox's lab hosts behave like separate servers: each stack gets its own ports, host key and
 * login key; one lab's suspend leaves another running; RDP speaks TLS with the sandbox's certificate
 * and shows a desktop; a changed host key is caught by strict host-key checking.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { missingDesktopTools, viewRdpDesktop } from '../sandbox/desktop-probe';
import { findLab, rotateHostKey } from '../sandbox/lab-control';
import { rdpTlsCertificateSha256 } from '../sandbox/rdp-probe';
import { OpenStackCli, SshClient, tcpProbe } from '../sandbox/reference-cli';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

/** Each `openstack` CLI call costs seconds (2–10 s on a busy 2-core machine). */
const CLI_TIMEOUT_MS = 300_000;

interface Lab {
  cloud: string;
  stack: string;
  outputs: { public_ip: string; private_key: string; password: string; user: string; ssh_port: number; rdp_port: number };
  ssh: SshClient;
}

describeWithSandbox('sandbox lab hosts', (sandbox) => {
  let state: SandboxState;
  let cli: OpenStackCli;
  const labs: Lab[] = [];

  async function launch(cloud: string, stack: string): Promise<Lab> {
    await cli.json(cloud, [
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
      stack,
    ]);
    const shown = await cli.json<{ outputs: { output_key: string; output_value: unknown }[] }>(cloud, ['stack', 'show', stack]);
    const outputs = Object.fromEntries(shown.outputs.map((o) => [o.output_key, o.output_value])) as Lab['outputs'];
    const ssh = new SshClient({ host: outputs.public_ip, port: outputs.ssh_port, user: outputs.user, privateKey: outputs.private_key });
    return { cloud, stack, outputs, ssh };
  }

  beforeAll(async () => {
    state = sandbox();
    cli = new OpenStackCli(state);
    labs.push(...(await Promise.all([launch('learner1', `it-hosts-a-${process.pid}`), launch('learner2', `it-hosts-b-${process.pid}`)])));
  });

  afterAll(async () => {
    await Promise.all(labs.map((lab) => cli.run(lab.cloud, ['stack', 'delete', '--yes', '--wait', lab.stack])));
    for (const lab of labs) lab.ssh.dispose();
  });

  it(
    'gives each stack its own ports, SSH host key and login key',
    async () => {
      const [a, b] = labs as [Lab, Lab];
      expect(new Set([a.outputs.ssh_port, a.outputs.rdp_port, b.outputs.ssh_port, b.outputs.rdp_port]).size).toBe(4);
      expect(a.outputs.private_key).not.toBe(b.outputs.private_key);
      expect((await a.ssh.run('echo a')).stdout).toBe('a\n');
      expect((await b.ssh.run('echo b')).stdout).toBe('b\n');
      const hostKey = (lab: Lab) => readFileSync(lab.ssh.knownHosts, 'utf8').trim().split(/\s+/).slice(1).join(' ');
      expect(hostKey(a)).toMatch(/^ssh-ed25519 /);
      expect(hostKey(a)).not.toBe(hostKey(b));
      // b's key does not open a's host: each host trusts only its own stack's key
      const crossed = new SshClient({
        host: a.outputs.public_ip,
        port: a.outputs.ssh_port,
        user: a.outputs.user,
        privateKey: b.outputs.private_key,
      });
      const refused = await crossed.run('true');
      crossed.dispose();
      expect(refused.code).toBe(255);
      expect(refused.stderr).toMatch(/Permission denied/);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "keeps one lab answering while another learner's lab is suspended",
    async () => {
      const [a, b] = labs as [Lab, Lab];
      await cli.json(a.cloud, ['stack', 'suspend', '--wait', a.stack]);
      expect(await tcpProbe(a.outputs.ssh_port)).toBe('refused');
      expect(await tcpProbe(b.outputs.ssh_port)).toBe('open');
      expect((await b.ssh.run('echo still')).stdout).toBe('still\n');
      await cli.json(a.cloud, ['stack', 'resume', '--wait', a.stack]);
      expect((await a.ssh.run('echo again', 'strict')).stdout).toBe('again\n');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "speaks RDP over TLS with the sandbox's self-signed certificate on each lab's RDP port",
    async () => {
      for (const lab of labs) expect(await rdpTlsCertificateSha256(lab.outputs.rdp_port)).toBe(state.lab.xrdpCertSha256);
    },
    CLI_TIMEOUT_MS,
  );

  // .ci/run installs xfreerdp and Xvfb: on CI a missing tool is a failure, never a silent skip.
  const missing = process.env.CI === 'true' ? [] : missingDesktopTools();
  it.skipIf(missing.length > 0)(
    `shows the lab desktop (a terminal and a clock) to xfreerdp${missing.length > 0 ? ` [skipped: missing ${missing.join(', ')}]` : ''}`,
    async () => {
      const b = labs[1] as Lab;
      const stats = await viewRdpDesktop(
        { port: b.outputs.rdp_port, user: b.outputs.user, password: b.outputs.password },
        (s) => s.distinctColours >= 64 && s.foregroundShare >= 0.2,
      );
      expect(stats.distinctColours).toBeGreaterThanOrEqual(64);
      expect(stats.foregroundShare).toBeGreaterThanOrEqual(0.2);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'presents a new host key after the gate rotates it, which strict host-key checking refuses',
    async () => {
      const a = labs[0] as Lab;
      const before = await findLab(state, a.stack);
      const after = await rotateHostKey(state, a.stack);
      expect(after.hostKeyFingerprint).not.toBe(before.hostKeyFingerprint);
      expect(after.sshPort).toBe(before.sshPort);
      const result = await a.ssh.run('true', 'strict');
      expect(result.code).toBe(255);
      expect(result.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
    },
    CLI_TIMEOUT_MS,
  );
});
