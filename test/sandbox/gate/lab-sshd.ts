import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { run } from '../command';
import { runningPid, stopDaemon, writePidFile } from '../daemon';
import { firstWords } from '../probe';

/**
 * Each lab host runs its own sshd on its own port with its own host key, so a new stack
 * presents a new host key exactly as a freshly booted server does.
 */
export interface LabSshdOptions {
  readonly dir: string;
  readonly port: number;
  readonly user: string;
  readonly authorizedKey: string;
  /** Offer the SFTP subsystem (default true); without it, as on a minimal image, only shells and commands run. */
  readonly sftp?: boolean;
}

const files = (dir: string) => ({
  hostKey: join(dir, 'ssh_host_ed25519_key'),
  config: join(dir, 'sshd_config'),
  authorizedKeys: join(dir, 'authorized_keys'),
  pid: join(dir, 'sshd.pid'),
  sshdPid: join(dir, 'sshd.own.pid'),
  log: join(dir, 'sshd.log'),
});

export async function ensureHostKey(dir: string, comment: string): Promise<void> {
  const f = files(dir);
  if (existsSync(f.hostKey)) return;
  await run('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', f.hostKey]);
}

export async function replaceHostKey(dir: string, comment: string): Promise<void> {
  const f = files(dir);
  rmSync(f.hostKey, { force: true });
  rmSync(`${f.hostKey}.pub`, { force: true });
  await ensureHostKey(dir, comment);
}

/** `SHA256:…` as `ssh-keygen -l` prints it: unpadded base64 of the SHA-256 of the key blob. */
export function hostKeyFingerprint(dir: string): string {
  const blob =
    readFileSync(`${files(dir).hostKey}.pub`, 'utf8')
      .trim()
      .split(/\s+/)[1] ?? '';
  return `SHA256:${createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

function writeSshdConfig(options: LabSshdOptions): void {
  const f = files(options.dir);
  writeFileSync(f.authorizedKeys, `${options.authorizedKey.trim()}\n`, { mode: 0o644 });
  writeFileSync(
    f.config,
    `# sshd of one sandbox lab host (written by the lab gate)
Port ${options.port}
ListenAddress 127.0.0.1
HostKey ${f.hostKey}
PidFile ${f.pid}
AuthorizedKeysFile ${f.authorizedKeys}
AllowUsers ${options.user}
# No PAM: a loopback sshd of its own; the account has a real password so it is not "locked"
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin no
# authorized_keys is root's file in the sandbox folder, not under the user's home
StrictModes no
PrintMotd no
X11Forwarding no
AcceptEnv LANG LC_*
${options.sftp === false ? '# no SFTP subsystem (a minimal image)' : 'Subsystem sftp internal-sftp'}
MaxStartups 50:30:200
LogLevel INFO
`,
  );
}

/** Reads the identification string: the port answers only when sshd itself does. */
export async function sshBanner(port: number, timeoutMs = 1000): Promise<string | undefined> {
  return (await firstWords(port, timeoutMs))?.split('\r\n')[0];
}

export function sshdRunning(dir: string): boolean {
  return runningPid(files(dir).sshdPid) !== undefined;
}

export async function startSshd(options: LabSshdOptions): Promise<void> {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  writeSshdConfig(options);
  const f = files(options.dir);
  const log = openSync(f.log, 'a');
  try {
    // -D: stay in the foreground, so the pid we hold is the listener's; -e: log to the file
    const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', f.config], { detached: true, stdio: ['ignore', log, log] });
    if (child.pid === undefined) throw new Error('sshd did not start');
    child.on('error', () => undefined);
    child.unref();
    writePidFile(f.sshdPid, child.pid);
  } finally {
    closeSync(log);
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if ((await sshBanner(options.port, 500))?.startsWith('SSH-')) return;
    if (!sshdRunning(options.dir)) break;
    await sleep(20);
  }
  const tail = existsSync(f.log) ? readFileSync(f.log, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
  throw new Error(`The lab's sshd on port ${options.port} did not come up: ${tail}`);
}

/** Stops the listener and every session it forked, as a powered-off host would drop them. */
export async function stopSshd(dir: string): Promise<void> {
  await stopDaemon(files(dir).sshdPid, 2000);
}
