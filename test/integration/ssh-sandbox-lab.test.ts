/**
 * SSH into a sandbox lab host the way the app does: address, user and key come from the Heat
 * stack's outputs; the host key is pinned for that stack on first use. Then the lab's host key is
 * changed (the gate rebuilds its sshd) and the connection is refused with the warning, and
 * suspending the stack under an open terminal ends the session with "connection lost", not a hang.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  HostKeyChangedError,
  HostKeyPins,
  runProgressChecks,
  SshDisconnectedError,
  SshSession,
  TerminalChannel,
  type SshConnectOptions,
} from '../../src/core/connect/ssh';
import { openDatabase, type Db } from '../../src/core/store/database';
import { systemClock } from '../../src/core/time/clock';
import { findLab, rotateHostKey } from '../sandbox/lab-control';
import { OpenStackCli } from '../sandbox/reference-cli';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

interface Outputs {
  public_ip: string;
  private_key: string;
  password: string;
  user: string;
  ssh_port: number;
}

describeWithSandbox('SSH into a sandbox lab', (sandbox) => {
  const stack = `it-ssh-${process.pid}`;
  let state: SandboxState;
  let cli: OpenStackCli;
  let stackId: string;
  let outputs: Outputs;
  let dir: string;
  let db: Db;
  let pins: HostKeyPins;

  const connectOptions = (): SshConnectOptions => ({
    host: outputs.public_ip,
    port: outputs.ssh_port,
    username: outputs.user,
    auth: { privateKey: outputs.private_key },
    hostKey: { kind: 'pinned', pins, stackId, connection: 'terminal' },
    readyTimeoutMs: 10_000,
  });

  beforeAll(async () => {
    state = sandbox();
    cli = new OpenStackCli(state);
    dir = mkdtempSync(join(tmpdir(), 'lc-ssh-lab-'));
    chmodSync(dir, 0o755);
    db = openDatabase({ path: join(dir, 'lab-console.db') });
    pins = new HostKeyPins(db, systemClock);
    const created = await cli.json<{ id: string }>('learner1', [
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
    stackId = created.id;
    const shown = await cli.json<{ outputs: { output_key: string; output_value: unknown }[] }>('learner1', ['stack', 'show', stack]);
    outputs = Object.fromEntries(shown.outputs.map((o) => [o.output_key, o.output_value])) as unknown as Outputs;
  });

  afterAll(async () => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await cli?.run('learner1', ['stack', 'delete', '--yes', '--wait', stack]);
  });

  it('logs in with the key from the stack outputs, pins the host key for the stack, and echoes through the PTY', async () => {
    const lab = await findLab(state, stackId);
    const session = await SshSession.connect(connectOptions());
    try {
      expect(session.hostKey).toMatchObject({ pinnedNow: true, fingerprint: lab.hostKeyFingerprint });
      const stream = await session.shell({ cols: 80, rows: 24 });
      let screen = '';
      const seen = new Promise<void>((resolve) => {
        const channel: TerminalChannel = new TerminalChannel(stream, (data) => {
          screen += data.toString();
          channel.ack(data.length);
          if (screen.includes('lab-9')) resolve();
        });
        channel.write('echo lab-$((4+5))\r');
      });
      await seen;
    } finally {
      session.close();
    }
  });

  it('logs in with the password output too', async () => {
    const session = await SshSession.connect({ ...connectOptions(), auth: { password: outputs.password } });
    expect((await session.exec('id -un')).stdout.trim()).toBe(outputs.user);
    session.close();
  });

  it('runs progress checks on the lab: fails with the hint, then passes once the learner did the step', async () => {
    const target = `~/it-ssh-${process.pid}.txt`;
    const script = join(dir, 'hello.sh');
    writeFileSync(script, `#!/bin/sh\ngrep -q hello ${target} 2>/dev/null || { echo "Write hello into ${target}." >&2; exit 1; }\n`);
    const session = await SshSession.connect(connectOptions());
    try {
      const before = await runProgressChecks(session, [{ name: 'checks/hello.sh', localPath: script }]);
      expect(before).toMatchObject({ passed: 0, total: 1, score: 0 });
      expect(before.outcomes[0]!.hint).toBe(`Write hello into ${target}.`);
      await session.exec(`echo hello > ${target}`);
      expect(await runProgressChecks(session, [{ name: 'checks/hello.sh', localPath: script }])).toMatchObject({ passed: 1, score: 1 });
      await session.exec(`rm -f ${target}`);
    } finally {
      session.close();
    }
  });

  it('refuses the lab once its host key changed, showing the pinned and the new fingerprint', async () => {
    const before = await findLab(state, stackId);
    const after = await rotateHostKey(state, stackId);
    expect(after.hostKeyFingerprint).not.toBe(before.hostKeyFingerprint);
    const error = await SshSession.connect(connectOptions()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostKeyChangedError);
    expect((error as HostKeyChangedError).message).toContain(`Expected ${before.hostKeyFingerprint}, received ${after.hostKeyFingerprint}`);
    expect((error as HostKeyChangedError).message).toContain(`stack ${stackId}`);
    // Published fingerprints win over the pin: the template's (new) output is trusted strictly.
    const strict = await SshSession.connect({ ...connectOptions(), hostKey: { kind: 'expected', fingerprint: after.hostKeyFingerprint } });
    strict.close();
  });

  it('ends an open terminal with "connection lost" when the stack is suspended, not a hang', async () => {
    const lab = await findLab(state, stackId);
    const session = await SshSession.connect({ ...connectOptions(), hostKey: { kind: 'expected', fingerprint: lab.hostKeyFingerprint } });
    const stream = await session.shell({ cols: 80, rows: 24 });
    const channel = new TerminalChannel(stream, (data) => channel.ack(data.length));
    const lost = new Promise<SshDisconnectedError | undefined>((resolve) => session.onClose(resolve));
    const started = Date.now();
    await cli.json('learner1', ['stack', 'suspend', '--wait', stack]);
    const error = await lost;
    expect(error).toBeInstanceOf(SshDisconnectedError);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
