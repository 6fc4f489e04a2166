import type ssh2 from 'ssh2';
import type { Client, ClientChannel, ConnectConfig, SFTPWrapper } from 'ssh2';
import { UserFacingError } from '../../api/user-error';
import { silentLogger, type Logger } from '../../log/logger';
import { decideHostKey, type HostKeyDecision, type HostKeyPolicy } from './host-key-policy';
import {
  SshAuthFailedError,
  SshDisconnectedError,
  SshRefusedError,
  SshTimeoutError,
  describeTarget,
  type SshError,
  type SshTarget,
} from './ssh-errors';
import { execOnClient, type ExecOptions, type ExecResult } from './remote-exec';

export interface SshAuth {
  /** OpenSSH-format (or PEM RSA) private key, as the lab's `private_key` output gives it. */
  readonly privateKey?: string | Buffer;
  readonly passphrase?: string;
  readonly password?: string;
}

export interface SshHostOptions extends SshTarget {
  readonly auth: SshAuth;
  readonly hostKey: HostKeyPolicy;
}

export interface SshConnectOptions extends SshHostOptions {
  /** Reach this host through the first one (`ssh -J`): a TCP forward over the jump host's session. */
  readonly jump?: SshHostOptions;
  /** Handshake and login must finish within this (default 20 s). */
  readonly readyTimeoutMs?: number;
  /** SSH-level keepalives: a dead peer is noticed after interval × countMax (default 15 s × 4). */
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
  readonly logger?: Logger;
}

export interface ShellOptions {
  readonly cols: number;
  readonly rows: number;
  readonly term?: string;
}

/** The lab's private key cannot be used (bad format or passphrase). */
export class SshKeyError extends UserFacingError {
  constructor(target: SshTarget, reason: string) {
    super(
      'invalid_input',
      `The private key for ${describeTarget(target)} cannot be used: ${reason}. Check the lab's private_key output (an OpenSSH or PEM key) and its passphrase.`,
    );
    this.name = 'SshKeyError';
  }
}

/**
 * The machine's sshd offers no SFTP subsystem (minimal images, dropbear without sftp-server): the
 * connection is fine, only file transfer over SFTP is not there.
 */
export class SftpUnavailableError extends Error {
  readonly kind = 'sftp_unavailable';
  constructor(
    readonly target: SshTarget,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${describeTarget(target)} has no SFTP subsystem (${reason}).`, options);
    this.name = 'SftpUnavailableError';
  }
}

/**
 * ssh2 (~25 modules and its crypto) loads with the first connection: browser mode and the CLI
 * start without it. It is CommonJS: Node's ESM loader sees only its default export.
 */
let ssh2Loaded: Promise<typeof ssh2> | undefined;
const loadSsh2 = () => (ssh2Loaded ??= import('ssh2').then((module) => module.default));

const DEFAULTS = { readyTimeoutMs: 20_000, keepaliveIntervalMs: 15_000, keepaliveCountMax: 4 };

/** Checks the key before connecting, so a bad key or passphrase is reported as such, not as "auth failed". */
function checkedKey(target: SshTarget, auth: SshAuth, utils: typeof ssh2.utils): void {
  if (auth.privateKey === undefined) return;
  const parsed = utils.parseKey(auth.privateKey, auth.passphrase);
  if (parsed instanceof Error) {
    const encrypted = /encrypted|passphrase/i.test(parsed.message);
    throw new SshKeyError(
      target,
      encrypted ? (auth.passphrase ? 'the passphrase is wrong' : 'it is encrypted and no passphrase was given') : parsed.message,
    );
  }
}

function methodsOf(auth: SshAuth): string[] {
  return [auth.privateKey !== undefined ? 'publickey' : undefined, auth.password !== undefined ? 'password' : undefined].filter(
    (m): m is string => m !== undefined,
  );
}

interface ConnectedClient {
  readonly client: Client;
  readonly decision: HostKeyDecision;
}

/** One ssh2 Client up to "ready", with every failure turned into a typed SshError. */
async function connectClient(host: SshHostOptions, options: SshConnectOptions, sock?: ClientChannel): Promise<ConnectedClient> {
  const { Client: SshClient, utils } = await loadSsh2();
  checkedKey(host, host.auth, utils);
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULTS.readyTimeoutMs;
  return new Promise((resolve, reject) => {
    const client = new SshClient();
    let decision: HostKeyDecision | undefined;
    let settled = false;
    const fail = (error: SshError): void => {
      if (settled) return;
      settled = true;
      client.end();
      reject(error);
    };
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      client.removeListener('error', onError);
      client.removeListener('close', onEarlyClose);
      // decision is always set here: ssh2 verifies the host key before authenticating.
      resolve({ client, decision: decision! });
    });
    const onError = (error: Error & { level?: string; code?: string }): void => {
      if (decision && !decision.accepted && decision.error) return fail(decision.error);
      if (error.code === 'ECONNREFUSED') return fail(new SshRefusedError(host, { cause: error }));
      if (error.level === 'client-timeout' || ['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'].includes(error.code ?? '')) {
        return fail(new SshTimeoutError(host, readyTimeoutMs, { cause: error }));
      }
      if (error.level === 'client-authentication') return fail(new SshAuthFailedError(host, methodsOf(host.auth), { cause: error }));
      fail(new SshDisconnectedError(host, error.message, { cause: error }));
    };
    const onEarlyClose = (): void => {
      if (decision && !decision.accepted && decision.error) return fail(decision.error);
      fail(new SshDisconnectedError(host, 'the server closed the connection during login'));
    };
    client.on('error', onError);
    client.on('close', onEarlyClose);
    const config: ConnectConfig = {
      host: host.host,
      port: host.port,
      username: host.username,
      privateKey: host.auth.privateKey,
      passphrase: host.auth.passphrase,
      password: host.auth.password,
      readyTimeout: readyTimeoutMs,
      keepaliveInterval: options.keepaliveIntervalMs ?? DEFAULTS.keepaliveIntervalMs,
      keepaliveCountMax: options.keepaliveCountMax ?? DEFAULTS.keepaliveCountMax,
      // Without a hostHash ssh2 hands over the raw key blob; we fingerprint it ourselves.
      hostVerifier: (key: Buffer) => {
        try {
          decision = decideHostKey(host.hostKey, host, key);
        } catch (error) {
          options.logger?.error('host key check failed', { target: describeTarget(host), error: (error as Error).message });
          return false;
        }
        return decision.accepted;
      },
      ...(sock ? { sock } : {}),
    };
    try {
      client.connect(config);
      // A terminal sends a few bytes at a time: with Nagle's algorithm a key typed before the
      // previous one was acknowledged waits a round trip (OpenSSH turns it off for a PTY too).
      // Through a jump host the socket is an SSH channel, and ssh2 leaves it alone.
      client.setNoDelay(true);
    } catch (error) {
      fail(new SshDisconnectedError(host, (error as Error).message, { cause: error }));
    }
  });
}

function forwardTo(jumpClient: Client, target: SshTarget, jump: SshTarget): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    jumpClient.forwardOut('127.0.0.1', 0, target.host, target.port, (error, channel) => {
      if (error) {
        reject(new SshRefusedError(target, { cause: new Error(`through the jump host ${describeTarget(jump)}: ${error.message}`) }));
      } else resolve(channel);
    });
  });
}

/**
 * One SSH login into a lab machine: a PTY shell for the terminal, exec and SFTP for checks and
 * hooks. Several sessions may run at once (one per tab).
 */
export class SshSession {
  private sftpHandle: Promise<SFTPWrapper> | undefined;
  private closedByUs = false;
  private readonly closeListeners = new Set<(error?: SshDisconnectedError) => void>();

  private constructor(
    readonly target: SshTarget,
    private readonly client: Client,
    /** The host key the server presented, `SHA256:…`, and whether this login pinned it. */
    readonly hostKey: HostKeyDecision,
    private readonly jumpClient: Client | undefined,
    private readonly logger: Logger,
  ) {
    let lastError: Error | undefined;
    client.on('error', (error) => {
      lastError = error;
      logger.warn('ssh connection error', { target: describeTarget(target), error: error.message });
    });
    client.on('close', () => {
      jumpClient?.end();
      const error = this.closedByUs
        ? undefined
        : new SshDisconnectedError(target, lastError?.message ?? 'the server closed the connection');
      for (const listener of this.closeListeners) listener(error);
      this.closeListeners.clear();
    });
  }

  static async connect(options: SshConnectOptions): Promise<SshSession> {
    const logger = options.logger ?? silentLogger;
    let jumpClient: Client | undefined;
    let sock: ClientChannel | undefined;
    if (options.jump) {
      jumpClient = (await connectClient(options.jump, options)).client;
      try {
        sock = await forwardTo(jumpClient, options, options.jump);
      } catch (error) {
        jumpClient.end();
        throw error;
      }
    }
    try {
      const { client, decision } = await connectClient(options, options, sock);
      logger.info('ssh connected', { target: describeTarget(options), hostKey: decision.fingerprint, pinnedNow: decision.pinnedNow });
      return new SshSession(options, client, decision, jumpClient, logger);
    } catch (error) {
      jumpClient?.end();
      throw error;
    }
  }

  /** Called once when the connection ends; with an error unless `close()` ended it. */
  onClose(listener: (error?: SshDisconnectedError) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** A login shell on a PTY. Wrap it in a TerminalChannel for flow control. */
  shell(options: ShellOptions): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      const refused = (error: Error) =>
        new SshDisconnectedError(this.target, `the server refused a terminal: ${error.message}`, { cause: error });
      try {
        this.client.shell({ term: options.term ?? 'xterm-256color', cols: options.cols, rows: options.rows }, (error, channel) =>
          error ? reject(refused(error)) : resolve(channel),
        );
      } catch (error) {
        reject(refused(error as Error));
      }
    });
  }

  /**
   * A command whose output streams (no PTY, like `ssh host CMD`): the caller reads stdout and
   * stderr as they come and gets the status from the channel's `exit` event.
   */
  execStream(command: string): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      const refused = (error: Error) =>
        new SshDisconnectedError(this.target, `the server refused to run a command: ${error.message}`, { cause: error });
      try {
        this.client.exec(command, (error, channel) => (error ? reject(refused(error)) : resolve(channel)));
      } catch (error) {
        reject(refused(error as Error));
      }
    });
  }

  /**
   * A TCP connection from the lab machine to `host:port` as that machine sees it (`ssh -L`'s
   * direct-tcpip channel, RFC 4254 §7.2): how a web console reaches a service of the lab.
   */
  forwardOut(host: string, port: number): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      const refused = (error: Error) =>
        new Error(`${describeTarget(this.target)} cannot reach ${host}:${port}: ${error.message.replace(/^\(SSH\) /, '')}`, {
          cause: error,
        });
      try {
        this.client.forwardOut('127.0.0.1', 0, host, port, (error, channel) => (error ? reject(refused(error)) : resolve(channel)));
      } catch (error) {
        reject(refused(error as Error));
      }
    });
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return execOnClient(this.client, this.target, command, options);
  }

  /** SFTP over this login; rejects with SftpUnavailableError when the server refuses the subsystem (asked once). */
  private sftp(): Promise<SFTPWrapper> {
    this.sftpHandle ??= new Promise<SFTPWrapper>((resolve, reject) => {
      try {
        this.client.sftp((error, sftp) =>
          // "Unable to start subsystem: sftp": the server said no; anything else is the connection's trouble.
          error
            ? reject(
                /subsystem/i.test(error.message)
                  ? new SftpUnavailableError(this.target, error.message, { cause: error })
                  : this.lost(error),
              )
            : resolve(sftp),
        );
      } catch (error) {
        reject(this.lost(error as Error));
      }
    });
    this.sftpHandle.catch((error: unknown) => {
      // A missing subsystem stays missing on this login; anything else may be asked again.
      if (!(error instanceof SftpUnavailableError)) this.sftpHandle = undefined;
    });
    return this.sftpHandle;
  }

  private lost(error: Error): SshDisconnectedError {
    return new SshDisconnectedError(this.target, error.message, { cause: error });
  }

  /** Copies a local file to the lab over SFTP, then sets its mode (e.g. 0o700 for a script); SftpUnavailableError without SFTP. */
  async put(localPath: string, remotePath: string, mode?: number): Promise<void> {
    const sftp = await this.sftp();
    await new Promise<void>((resolve, reject) => sftp.fastPut(localPath, remotePath, (e) => (e ? reject(e) : resolve())));
    if (mode !== undefined) await new Promise<void>((resolve, reject) => sftp.chmod(remotePath, mode, (e) => (e ? reject(e) : resolve())));
  }

  close(): void {
    this.closedByUs = true;
    this.client.end();
    this.jumpClient?.end();
  }
}
