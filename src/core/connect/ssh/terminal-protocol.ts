import type { SessionDetailOf, SessionInputOf, SessionSizeOf } from '../../../shared/contract/session-calls';
import { localized } from '../../../shared/i18n/message';
import { afterBurstMemoryReturn } from '../../memory/after-burst';
import { sentenceOf } from '../../api/user-error';
import { failureByKind, type ConnectContext, type LiveConnection, type SessionProtocol } from '../live-connection';
import type { HostKeyPins } from './host-key-pins';
import { sshOptionsFor } from './lab-ssh-options';
import type { SshCompanionRun } from './ssh-companion';
import { SshError } from './ssh-errors';
import { SshSession, type SshConnectOptions } from './ssh-session';
import { TerminalChannel, type TerminalChannelOptions } from './terminal-channel';

export interface TerminalProtocolOptions {
  readonly pins: HostKeyPins;
  /** How to connect (a test hands in its own). */
  readonly connect?: (options: SshConnectOptions) => Promise<SshSession>;
  readonly channel?: TerminalChannelOptions;
  /** Output kept for a window that attaches again (default 1 MiB, about 12 000 lines of 80 columns). */
  readonly scrollbackBytes?: number;
}

/** Failures a retry cannot fix: the learner must act (tell the instructor, check the lab's state). */
const FINAL_FAILURES = new Set(['auth-failed', 'host-key-changed', 'host-key-mismatch']);

/** The SSH connection was let go before it was ready (a reconnect or close overtook it). */
class ShellAbandoned extends Error {}

/**
 * A terminal tab: an SSH PTY shell into a lab connection, its output as raw bytes, flow control by
 * pausing the SSH channel (TerminalChannel), the last MiB of output kept for the next window. What
 * the learner types is activity (it pushes the lab's idle suspend); output is not: a shell left
 * printing a clock in a tab nobody looks at must not keep the lab running for ever.
 */
export function terminalProtocol(options: TerminalProtocolOptions): SessionProtocol<'terminal'> {
  return {
    kind: 'terminal',
    noun: 'terminal',
    windowBytes: options.channel?.highWatermark ?? 1024 * 1024,
    scrollbackBytes: options.scrollbackBytes ?? 1024 * 1024,
    accepts: (message): message is SessionInputOf<'terminal'> => message.t === 'input',
    isActivity: () => true,
    connect: (context) => new TerminalConnection(context, options),
    failureOf: (error) =>
      failureByKind<'terminal', SshError>(error, SshError, FINAL_FAILURES, (failed) => {
        const { expectedFingerprint, receivedFingerprint } = failed as SshError & {
          expectedFingerprint?: string;
          receivedFingerprint?: string;
        };
        return { expectedFingerprint, receivedFingerprint };
      }),
  };
}

class TerminalConnection implements LiveConnection<'terminal'> {
  readonly ready: Promise<SessionDetailOf<'terminal'>>;
  private ssh: SshSession | undefined;
  private channel: TerminalChannel | undefined;
  private companion: SshCompanionRun | undefined;
  private closed = false;

  constructor(
    private readonly context: ConnectContext<'terminal'>,
    private readonly options: TerminalProtocolOptions,
  ) {
    this.ready = this.open();
  }

  private async open(): Promise<SessionDetailOf<'terminal'>> {
    const { request, target } = this.context;
    const ssh = await (this.options.connect ?? SshSession.connect)(
      sshOptionsFor(target, request.connection, this.options.pins, { logger: this.context.logger }),
    );
    this.ssh = ssh;
    if (this.closed) this.abandon(ssh);
    const stream = await ssh.shell({ cols: request.cols, rows: request.rows });
    if (this.closed) this.abandon(ssh);
    const channel = new TerminalChannel(stream, (data) => this.context.send(data), {
      // A flood of output is over: the blocks it went through are free, but glibc keeps them resident.
      onStreamIdle: () => afterBurstMemoryReturn.burstEnded(),
      ...this.options.channel,
    });
    this.channel = channel;
    channel.onClose((exitCode) => {
      if (exitCode !== undefined)
        this.context.ended(localized({ key: 'session.shellEnded', params: { connection: request.connection, exitCode } }), { exitCode });
    });
    ssh.onClose((error) => {
      if (error) this.context.lost(sentenceOf(error), 'disconnected');
    });
    this.companion = this.context.companion?.(ssh);
    return {};
  }

  private abandon(ssh: SshSession): never {
    ssh.close();
    throw new ShellAbandoned('the terminal connection was closed before it was ready');
  }

  streamAttached(): void {}

  streamDetached(unacknowledged: number): void {
    // What the old consumer never acknowledged is gone with it: give the window back.
    this.channel?.ack(unacknowledged);
  }

  ack(bytes: number): void {
    this.channel?.ack(bytes);
  }

  input(message: SessionInputOf<'terminal'>): void {
    this.channel?.write(message.data);
  }

  resize(size: SessionSizeOf<'terminal'>): 'done' {
    this.channel?.resize(size.cols, size.rows);
    return 'done';
  }

  close(): void {
    this.closed = true;
    this.channel?.close();
    this.channel = undefined;
    const ssh = this.ssh;
    this.ssh = undefined;
    const companion = this.companion;
    this.companion = undefined;
    // The companion undoes its work over the login (an assist's marker) before the login ends.
    if (companion && ssh)
      void companion
        .stop()
        .catch(() => undefined)
        .finally(() => ssh.close());
    else ssh?.close();
  }
}
