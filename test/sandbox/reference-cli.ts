import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxState } from './state';

/**
 * The reference tools the sandbox is checked with: Debian's `openstack` CLI (python3-openstackclient)
 * and OpenSSH's `ssh`. Used by tests; the app has its own client.
 */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function exec(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
    });
  });
}

/** A cloud of the sandbox's clouds.yaml, or a user scoped to another project (e.g. the instructor in a learner's). */
export type CliIdentity = string | { readonly user: string; readonly password: string; readonly projectName: string };

export class OpenStackCli {
  constructor(private readonly state: SandboxState) {}

  private env(identity: CliIdentity): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith('OS_')) delete env[key];
    if (typeof identity === 'string') {
      return {
        ...env,
        OS_CLIENT_CONFIG_FILE: this.state.files.cloudsYaml,
        OS_CLIENT_SECURE_FILE: this.state.files.secureYaml,
        OS_CLOUD: identity,
      };
    }
    // osc 6 ignores --os-project-name next to --os-cloud, so another scope goes through OS_* variables
    return {
      ...env,
      OS_AUTH_URL: this.state.keystone.url,
      OS_IDENTITY_API_VERSION: '3',
      OS_REGION_NAME: this.state.region,
      OS_INTERFACE: 'public',
      OS_USERNAME: identity.user,
      OS_PASSWORD: identity.password,
      OS_PROJECT_NAME: identity.projectName,
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
    };
  }

  /** `openstack …` as `identity`; the exit code and output, never throws. */
  run(identity: CliIdentity, args: string[], timeoutMs = 180_000): Promise<CliResult> {
    // Debian's launcher: a pyenv python first on PATH lacks the OpenStack libraries
    return exec('/usr/bin/openstack', args, this.env(identity), timeoutMs);
  }

  /** Same, with `-f json`, parsed; throws with the CLI's stderr when it fails. */
  async json<T>(identity: CliIdentity, args: string[], timeoutMs?: number): Promise<T> {
    const result = await this.run(identity, [...args, '-f', 'json'], timeoutMs);
    const who = typeof identity === 'string' ? identity : `${identity.user}@${identity.projectName}`;
    if (result.code !== 0) throw new Error(`openstack (${who}) ${args.join(' ')} failed (${result.code}): ${result.stderr.trim()}`);
    // with --wait, heatclient prints the stack's events on stdout before the JSON
    const start = result.stdout.search(/^[[{]/m);
    if (start < 0) throw new Error(`openstack (${who}) ${args.join(' ')} printed no JSON: ${result.stdout.slice(0, 300)}`);
    return JSON.parse(result.stdout.slice(start)) as T;
  }
}

export interface SshTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly privateKey: string;
}

/** OpenSSH with the key from a stack's outputs and a known_hosts file of its own. */
export class SshClient {
  readonly dir = mkdtempSync(join(tmpdir(), 'lab-ssh-'));
  readonly knownHosts = join(this.dir, 'known_hosts');
  private readonly keyFile = join(this.dir, 'id_ed25519');

  constructor(private readonly target: SshTarget) {
    writeFileSync(this.keyFile, target.privateKey.endsWith('\n') ? target.privateKey : `${target.privateKey}\n`);
    chmodSync(this.keyFile, 0o600);
  }

  /** Removes the key and known_hosts files. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Runs `command` on the lab. `hostKeys: 'accept-new'` records the first key seen;
   * `'strict'` then refuses any other.
   */
  run(command: string, hostKeys: 'accept-new' | 'strict' = 'accept-new', timeoutMs = 30_000): Promise<CliResult> {
    return exec(
      '/usr/bin/ssh',
      [
        '-i',
        this.keyFile,
        '-p',
        String(this.target.port),
        '-o',
        'BatchMode=yes',
        '-o',
        'IdentitiesOnly=yes',
        '-o',
        'ConnectTimeout=5',
        '-o',
        `UserKnownHostsFile=${this.knownHosts}`,
        '-o',
        `StrictHostKeyChecking=${hostKeys === 'strict' ? 'yes' : 'accept-new'}`,
        '-o',
        'LogLevel=ERROR',
        `${this.target.user}@${this.target.host}`,
        command,
      ],
      process.env,
      timeoutMs,
    );
  }
}

/** Whether a TCP port accepts connections: 'open', 'refused', or 'silent' (no answer in time). */
export function tcpProbe(port: number, host = '127.0.0.1', timeoutMs = 2000): Promise<'open' | 'refused' | 'silent'> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (value: 'open' | 'refused' | 'silent') => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done('silent'));
    socket.once('connect', () => done('open'));
    socket.once('error', () => done('refused'));
  });
}
