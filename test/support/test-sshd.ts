import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import ssh2 from 'ssh2';
import { findFreePort } from '../sandbox/free-port';

/**
 * A throw-away OpenSSH sshd on a free loopback port, with its own config, host key and
 * authorized_keys in a temp folder, for a dedicated local account. Key login only.
 */
export const TEST_SSH_USER = 'lcssh';

export interface ClientKey {
  /** OpenSSH-format private key, as a lab's `private_key` output would carry it. */
  readonly privateKey: string;
  /** `ssh-ed25519 AAAA…` */
  readonly publicKey: string;
}

export function generateClientKey(passphrase?: string): ClientKey {
  // ssh2's generator writes about one ed25519 key in 200 that its own parser then calls malformed
  // ("Malformed OpenSSH private key"): draw again rather than make a test fail by chance.
  for (;;) {
    const pair = passphrase
      ? ssh2.utils.generateKeyPairSync('ed25519', { passphrase, cipher: 'aes256-ctr', rounds: 4 })
      : ssh2.utils.generateKeyPairSync('ed25519');
    if (!(ssh2.utils.parseKey(pair.private, passphrase) instanceof Error)) return { privateKey: pair.private, publicKey: pair.public };
  }
}

/** Creates the test account when missing; unlocked (`*`, no password) so UsePAM no + key login work. */
export function ensureTestUser(user = TEST_SSH_USER): string {
  const found = spawnSync('getent', ['passwd', user], { encoding: 'utf8' });
  if (found.status !== 0) {
    const made = spawnSync('/usr/sbin/useradd', ['-m', '-s', '/bin/bash', '-c', 'Lab Console SSH tests', user], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`useradd ${user} failed: ${made.stderr}`);
  }
  const unlocked = spawnSync('/usr/sbin/usermod', ['-p', '*', user], { encoding: 'utf8' });
  if (unlocked.status !== 0) throw new Error(`usermod -p '*' ${user} failed: ${unlocked.stderr}`);
  return spawnSync('getent', ['passwd', user], { encoding: 'utf8' }).stdout.trim().split(':')[5] ?? `/home/${user}`;
}

function sshBanner(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const done = (value: string | undefined): void => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(500, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.once('data', (data: Buffer) => done(data.toString('latin1').split('\r\n')[0]));
  });
}

export interface TestSshdOptions {
  readonly user?: string;
  /** Public keys allowed to log in (default: a fresh key, returned as `clientKey`). */
  readonly authorizedKeys?: readonly string[];
  /** Offer the SFTP subsystem (default true); without it, as on a minimal image, only shells and commands run. */
  readonly sftp?: boolean;
}

export class TestSshd {
  private child: ChildProcess | undefined;
  private generation = 0;

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly user: string,
    readonly home: string,
    readonly clientKey: ClientKey,
    private readonly sftp: boolean,
  ) {}

  static async start(options: TestSshdOptions = {}): Promise<TestSshd> {
    const user = options.user ?? TEST_SSH_USER;
    const home = ensureTestUser(user);
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const dir = mkdtempSync(join(tmpdir(), 'lc-sshd-'));
    // sshd reads authorized_keys as the user: the folder must be reachable by it.
    chmodSync(dir, 0o755);
    const clientKey = generateClientKey();
    writeFileSync(join(dir, 'authorized_keys'), `${[clientKey.publicKey, ...(options.authorizedKeys ?? [])].join('\n')}\n`, {
      mode: 0o644,
    });
    const sshd = new TestSshd(dir, await findFreePort(), user, home, clientKey, options.sftp ?? true);
    await sshd.newHostKey();
    await sshd.launch();
    return sshd;
  }

  get hostKeyFile(): string {
    return join(this.dir, `host_key_${this.generation}`);
  }

  /** `SHA256:…` of the current host key, as `ssh-keygen -l` prints it. */
  get hostFingerprint(): string {
    const blob = readFileSync(`${this.hostKeyFile}.pub`, 'utf8').trim().split(/\s+/)[1] ?? '';
    return `SHA256:${createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
  }

  /** The line an OpenSSH known_hosts file needs for this server. */
  get knownHostsLine(): string {
    const pub = readFileSync(`${this.hostKeyFile}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    return `[127.0.0.1]:${this.port} ${pub}`;
  }

  /** Restarts on the same port with a new host key, as a rebuilt (or impostor) server would. */
  async rotateHostKey(): Promise<void> {
    await this.stop();
    this.generation += 1;
    await this.newHostKey();
    await this.launch();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async newHostKey(): Promise<void> {
    const made = spawnSync(
      '/usr/bin/ssh-keygen',
      ['-q', '-t', 'ed25519', '-N', '', '-C', `test-sshd-${this.generation}`, '-f', this.hostKeyFile],
      {
        encoding: 'utf8',
      },
    );
    if (made.status !== 0) throw new Error(`ssh-keygen failed: ${made.stderr}`);
  }

  private async launch(): Promise<void> {
    const config = join(this.dir, 'sshd_config');
    writeFileSync(
      config,
      `Port ${this.port}
ListenAddress 127.0.0.1
HostKey ${this.hostKeyFile}
PidFile ${join(this.dir, 'sshd.pid')}
AuthorizedKeysFile ${join(this.dir, 'authorized_keys')}
AllowUsers ${this.user}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
PrintLastLog no
${this.sftp ? 'Subsystem sftp internal-sftp' : '# no SFTP subsystem (a minimal image)'}
MaxStartups 50:30:200
LogLevel INFO
`,
    );
    const log = join(this.dir, 'sshd.log');
    // -D: the pid we hold is the listener's; -E: log to a file we can quote when it fails.
    const child = spawn('/usr/sbin/sshd', ['-D', '-E', log, '-f', config], { stdio: 'ignore' });
    child.on('error', () => undefined);
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if ((await sshBanner(this.port))?.startsWith('SSH-')) return;
      if (child.exitCode !== null) break;
      await sleep(20);
    }
    const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
    throw new Error(`The test sshd on port ${this.port} did not come up: ${tail}`);
  }
}
