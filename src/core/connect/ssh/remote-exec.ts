import type { Client, ClientChannel } from 'ssh2';
import { SshDisconnectedError, type SshTarget } from './ssh-errors';

export interface ExecOptions {
  /** Kill the command after this long (default 60 s). */
  readonly timeoutMs?: number;
  /** Keep at most this many bytes of stdout and of stderr, the first ones (default 1 MiB). */
  readonly maxOutputBytes?: number;
  /** Written to the command's standard input, which then ends (for short commands: a timeout can no longer KILL it). */
  readonly input?: Buffer | string;
}

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit status; null when the command died of a signal or was killed on timeout. */
  readonly code: number | null;
  readonly signal?: string;
  readonly timedOut: boolean;
  readonly truncated: boolean;
  readonly durationMs: number;
}

class BoundedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly max: number) {}
  add(chunk: Buffer): void {
    const room = this.max - this.size;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (part.length < chunk.length) this.truncated = true;
    this.chunks.push(part);
    this.size += part.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** How long to wait for the channel to close after a KILL before giving up on it. */
const KILL_GRACE_MS = 2000;

/**
 * Runs one command without a PTY. On timeout the process group is sent SIGKILL (sshd's
 * "signal" channel request, RFC 4254 §6.9, honoured since OpenSSH 7.9: sshd runs the command in
 * its own session and signals the whole group), then the channel is closed.
 */
export function execOnClient(client: Client, target: SshTarget, command: string, options: ExecOptions): Promise<ExecResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const max = options.maxOutputBytes ?? 1024 * 1024;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const notRunnable = (error: Error) =>
      new SshDisconnectedError(target, `the server refused to run a command: ${error.message}`, { cause: error });
    // ssh2 throws at once when the connection is already gone.
    try {
      client.exec(command, onChannel);
    } catch (error) {
      reject(notRunnable(error as Error));
    }
    function onChannel(error: Error | undefined, channel: ClientChannel): void {
      if (error) {
        reject(notRunnable(error));
        return;
      }
      const stdout = new BoundedBuffer(max);
      const stderr = new BoundedBuffer(max);
      let code: number | null = null;
      let signal: string | undefined;
      let timedOut = false;
      let grace: NodeJS.Timeout | undefined;
      const timer = setTimeout(() => {
        timedOut = true;
        channel.signal('KILL');
        channel.close();
        // A dead connection never sends the close: stop waiting for it.
        grace = setTimeout(finish, KILL_GRACE_MS);
      }, timeoutMs);
      let done = false;
      function finish(): void {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearTimeout(grace);
        resolve({
          stdout: stdout.text(),
          stderr: stderr.text(),
          code: timedOut ? null : code,
          ...(signal ? { signal } : {}),
          timedOut,
          truncated: stdout.truncated || stderr.truncated,
          durationMs: Date.now() - started,
        });
      }
      channel.on('data', (chunk: Buffer) => stdout.add(chunk));
      channel.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
      channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
        code = typeof exitCode === 'number' ? exitCode : null;
        if (exitSignal) signal = exitSignal;
      });
      channel.on('close', finish);
      // Ending our side also ends what ssh2 lets us send on the channel, the KILL of a timeout with
      // it: a command that must not read its input gets `< /dev/null` in its command line instead.
      if (options.input !== undefined) channel.end(options.input);
    }
  });
}
