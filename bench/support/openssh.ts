import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestSshd } from '../../test/support/test-sshd';

/** Runs OpenSSH's client (`ssh -tt`: with a PTY) against the test sshd, with the key and pinned host key it needs. */
export async function withOpenssh<T>(
  sshd: TestSshd,
  command: string | undefined,
  use: (ssh: ChildProcessWithoutNullStreams) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'lc-ssh-bench-'));
  try {
    const keyFile = join(dir, 'id');
    writeFileSync(keyFile, sshd.clientKey.privateKey, { mode: 0o600 });
    writeFileSync(join(dir, 'known_hosts'), `${sshd.knownHostsLine}\n`);
    const options = ['-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'StrictHostKeyChecking=yes'];
    options.push('-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', '-F', '/dev/null');
    const ssh = spawn(
      'ssh',
      ['-tt', '-i', keyFile, '-p', String(sshd.port), ...options, `${sshd.user}@127.0.0.1`, ...(command ? [command] : [])],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    try {
      return await use(ssh);
    } finally {
      ssh.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
