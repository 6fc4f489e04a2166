import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import type { Command } from 'commander';
import type { ClientChannel } from 'ssh2';
import type { MessageRef } from '../../../shared/i18n/message';
import { localizedOf } from '../../api/user-error';
import { shellQuote, TerminalChannel, type SshSession } from '../../connect/ssh';
import { whyNoStack } from '../../labs/lab-connections';
import type { LabService } from '../../labs/lab-service';
import { labRunState } from '../../stream/lab-access';
import type { CliContext } from '../cli-context';
import { CliOperationError, CliUsageError } from '../cli-errors';
import { checkLabInput } from '../cli-input';
import { processStreams } from '../cli-output';
import type { CliText } from '../cli-text';

/** As ssh does: the remote command's status is the exit status, so lab-console's own failures use 255. */
export const EXIT_OWN_FAILURE = 255;

/** lab-console could not do its part (no lab, lab suspended, host key changed, cannot connect): exit 255. */
export class LabReachError extends CliOperationError {
  override readonly exitCode = EXIT_OWN_FAILURE;
  constructor(message: string, localized?: MessageRef) {
    super(message, localized);
    this.name = 'LabReachError';
  }
}

/** Runs `work`, turning any failure except bad usage into a one-line exit-255 error. */
export async function ownFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliUsageError || error instanceof LabReachError) throw error;
    // A sentence of the catalogue is one line already: it keeps its key, so it is shown in the run's language.
    throw new LabReachError(oneLine(error instanceof Error ? error.message : String(error)), localizedOf(error));
  }
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/**
 * Reads the lab's state from the cloud (an instructor may have suspended or deleted it meanwhile),
 * then says "suspended" or "gone" plainly, with the command that fixes it, before trying to connect
 * (as the terminal does).
 */
export async function requireRunningLab({ t }: CliText, service: LabService, courseId: string): Promise<void> {
  const lab = await service.followCloud(courseId);
  if (labRunState(lab) === 'suspended') throw new LabReachError(t('ssh.suspended', { courseId }));
  if (lab?.state === 'DELETE_COMPLETE') throw new LabReachError(t('ssh.gone', { courseId, why: whyNoStack(lab) }));
}

/**
 * One argument is a command line for the remote shell, as with ssh; several are quoted one by one,
 * so `-- sh -c 'exit 3'` runs exactly that (ssh would join them and run `sh -c exit`).
 */
export function remoteCommandLine(args: readonly string[]): string {
  if (args.length === 1) return args[0]!;
  return args.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : shellQuote(a))).join(' ');
}

/** The status a remote command ended with; a signal counts as 128 + its number, as in a shell. */
function statusOf(code: number | null | undefined, signal: string | undefined): number {
  if (typeof code === 'number') return code;
  const number = signal ? (constants.signals as Record<string, number>)[`SIG${signal}`] : undefined;
  return number !== undefined ? 128 + number : EXIT_OWN_FAILURE;
}

async function openSession(text: CliText, service: LabService, courseId: string, connection: string | undefined): Promise<SshSession> {
  try {
    await requireRunningLab(text, service, courseId);
  } finally {
    // From here on it is SSH only: the cloud's connections would keep this process alive.
    await service.stop();
  }
  const session = await service.ssh.open(courseId, connection);
  service.policies.activity(courseId);
  return session;
}

/** The session was the learner's work: it goes on the lab, over that session, before the process ends (never fails the command). */
async function writeActivity(service: LabService, courseId: string, session: SshSession, now: number): Promise<void> {
  service.activityJournal.hold(courseId, session);
  await service.activityJournal.end(courseId, now);
}

/** Resolves with the remote status once the channel closes; rejects when the connection drops first. */
function untilClosed({ t }: CliText, session: SshSession, channel: ClientChannel): Promise<number> {
  return new Promise((resolve, reject) => {
    let code: number | null | undefined;
    let signal: string | undefined;
    channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
      code = exitCode;
      signal = exitSignal;
    });
    channel.on('close', () => {
      if (code === undefined && signal === undefined)
        reject(new LabReachError(t('ssh.lostBeforeEnd', { host: session.target.host, port: session.target.port })));
      else resolve(statusOf(code, signal));
    });
    session.onClose((error) => {
      if (error) reject(new LabReachError(oneLine(error.message)));
    });
  });
}

/**
 * The command's bytes go to our stdout and stderr as they are; when a reader is slower than the lab
 * (`lab exec … | less`), the channel pauses, so ssh2 stops widening its window and the lab waits.
 */
function relayWithBackpressure(channel: ClientChannel): void {
  const pairs: [NodeJS.ReadableStream, NodeJS.WriteStream][] = [
    [channel, process.stdout],
    [channel.stderr, process.stderr],
  ];
  for (const [from, to] of pairs) {
    from.on('data', (chunk: Buffer) => {
      if (to.write(chunk)) return;
      channel.pause();
      channel.stderr.pause();
      to.once('drain', () => {
        channel.resume();
        channel.stderr.resume();
      });
    });
  }
}

export function labExecCommand(lab: Command, context: () => CliContext, text: CliText, labService: (ctx: CliContext) => LabService): void {
  const { t } = text;
  lab
    .command('exec')
    .description(t('ssh.exec.description'))
    .argument('<course>', t('lab.courseId'))
    .argument('<command...>', t('ssh.exec.command'))
    .option('--connection <name>', t('ssh.exec.connection'))
    .addHelpText('after', `\n${t('ssh.exec.example')}`)
    .action(async (courseId: string, args: string[], opts: { connection?: string }) => {
      const ctx = context();
      await checkLabInput(ctx, courseId);
      const service = await ownFailures(async () => labService(ctx));
      const session = await ownFailures(() => openSession(text, service, courseId, opts.connection));
      try {
        const channel = await ownFailures(() => session.execStream(remoteCommandLine(args)));
        const own = ctx.streams === processStreams;
        if (own) relayWithBackpressure(channel);
        else {
          const out = new StringDecoder('utf8');
          const err = new StringDecoder('utf8');
          channel.on('data', (chunk: Buffer) => ctx.streams.stdout(out.write(chunk)));
          channel.stderr.on('data', (chunk: Buffer) => ctx.streams.stderr(err.write(chunk)));
          channel.on('close', () => (ctx.streams.stdout(out.end()), ctx.streams.stderr(err.end())));
        }
        // Like ssh: a script can pipe data in. A terminal's keyboard is not forwarded (there is no PTY).
        const forwardStdin = own && !process.stdin.isTTY;
        if (forwardStdin) process.stdin.pipe(channel);
        try {
          ctx.exitCode = await untilClosed(text, session, channel);
        } finally {
          if (forwardStdin) {
            process.stdin.unpipe(channel);
            process.stdin.destroy();
          }
        }
        service.policies.activity(courseId);
        await writeActivity(service, courseId, session, ctx.app().clock.now());
      } finally {
        session.close();
      }
    });
}

export function labSshCommand(lab: Command, context: () => CliContext, text: CliText, labService: (ctx: CliContext) => LabService): void {
  const { t } = text;
  lab
    .command('ssh')
    .description(t('ssh.shell.description'))
    .argument('<course>', t('lab.courseId'))
    .option('--connection <name>', t('ssh.exec.connection'))
    .action(async (courseId: string, opts: { connection?: string }) => {
      const ctx = context();
      await checkLabInput(ctx, courseId);
      const stdin = process.stdin;
      const stdout = process.stdout;
      if (!stdin.isTTY) {
        throw new LabReachError(t('ssh.shell.needsTerminal', { courseId }));
      }
      const service = await ownFailures(async () => labService(ctx));
      const session = await ownFailures(() => openSession(text, service, courseId, opts.connection));
      try {
        const size = (): { cols: number; rows: number } => ({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
        const stream = await ownFailures(() => session.shell({ ...size(), term: process.env.TERM || 'xterm-256color' }));
        // Flow control to the local terminal: output waits for stdout to take it, so a flood cannot pile up here.
        const channel = new TerminalChannel(stream, (data) => stdout.write(data, () => channel.ack(data.length)), {
          onActivity: () => service.policies.activity(courseId),
          activityThrottleMs: 30_000,
        });
        const onInput = (data: Buffer): void => channel.write(data);
        const onResize = (): void => {
          const { cols, rows } = size();
          channel.resize(cols, rows);
        };
        stdin.setRawMode(true);
        stdin.on('data', onInput);
        stdin.resume();
        process.on('SIGWINCH', onResize);
        try {
          ctx.exitCode = await new Promise<number>((resolve, reject) => {
            // No exit status: the connection went away under the shell (ssh says 255 then too).
            channel.onClose((code) =>
              code === undefined
                ? reject(new LabReachError(t('ssh.lost', { host: session.target.host, port: session.target.port })))
                : resolve(code),
            );
            session.onClose((error) => {
              if (error) reject(new LabReachError(oneLine(error.message)));
            });
          });
        } finally {
          process.off('SIGWINCH', onResize);
          stdin.off('data', onInput);
          stdin.setRawMode(false);
          stdin.pause();
        }
        await writeActivity(service, courseId, session, ctx.app().clock.now());
      } finally {
        session.close();
      }
    });
}
