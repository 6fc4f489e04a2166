import { Command, CommanderError, Option } from 'commander';
import { CliFailure } from '../../shared/cli/serve';
import { APP_VERSION } from '../app/version';
import { CliContext, type GlobalOptions } from './cli-context';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli-errors';
import { processStreams, type CliStreams } from './cli-output';
import { courseCommand } from './commands/course';
import { jobsCommand } from './commands/jobs';
import { cliLabService, labCommand } from './commands/lab';
import { cloudCommand } from './commands/cloud';
import { cohortCommand } from './commands/cohort';
import { serveCommand } from './commands/serve';

export interface RunCliOptions {
  readonly streams?: CliStreams;
  readonly env?: NodeJS.ProcessEnv;
  /** How a long-running command (serve, jobs work --follow) waits for its end; tests pass their own. */
  readonly waitForStop?: (stop: () => Promise<void>) => Promise<void>;
}

/** Resolves on SIGINT/SIGTERM after running `stop`. */
export function waitForSignal(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void stop().finally(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** `jobs work` also enforces the lab policies: a pass at once, then every few seconds until it stops. */
function startLabPolicies(ctx: CliContext): () => void {
  const policies = cliLabService(ctx).policies;
  policies.tick();
  const timer = setInterval(() => policies.tick(), 5_000);
  return () => clearInterval(timer);
}

export function buildProgram(context: () => CliContext, options: RunCliOptions): Command {
  const program = new Command('lab-console')
    .description('Lab Console: hands-on IT training labs on OpenStack, from the command line.')
    .version(APP_VERSION, '-V, --version', 'print the version')
    .option('--home <dir>', 'data folder (default: $LAB_CONSOLE_HOME or the per-user config folder)')
    .option('--json', 'machine-readable output (shapes documented in src/shared)')
    .addOption(new Option('--os-cloud <name>', 'cloud from clouds.yaml or the app (default: $OS_CLOUD)'))
    .option('-v, --verbose', 'also print log lines to stderr')
    .showSuggestionAfterError(true)
    .addHelpText('after', '\nExit codes: 0 ok, 1 the operation failed, 2 bad usage or invalid input.');

  program.addCommand(serveCommand(context, options.waitForStop ?? waitForSignal));
  program.addCommand(cloudCommand(context));
  program.addCommand(courseCommand(context));
  program.addCommand(
    jobsCommand(context, {
      waitForStop: options.waitForStop ?? waitForSignal,
      registry: () => cliLabService(context()).queue.registry,
      duringWork: () => startLabPolicies(context()),
    }),
  );
  program.addCommand(labCommand(context));
  program.addCommand(cohortCommand(context));
  return program;
}

function configureRecursively(command: Command, streams: CliStreams): void {
  command.exitOverride();
  command.configureOutput({ writeOut: streams.stdout, writeErr: streams.stderr });
  for (const sub of command.commands) configureRecursively(sub, streams);
}

/** Runs one CLI invocation and returns its exit code; never calls process.exit itself. */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const streams = options.streams ?? processStreams;
  let context: CliContext | undefined;
  // Commands ask for the context only when they run, after commander has parsed the global options.
  const getContext = (): CliContext => {
    context ??= new CliContext(program.opts<GlobalOptions>(), streams, options.env ?? process.env);
    return context;
  };
  const program = buildProgram(getContext, options);
  configureRecursively(program, streams);

  const wantsJson = argv.includes('--json');
  const fail = (kind: CliFailure['error']['kind'], message: string, code: number): number => {
    if (wantsJson) streams.stdout(`${JSON.stringify(CliFailure.parse({ error: { kind, message } }))}\n`);
    else streams.stderr(`error: ${message}\n`);
    return code;
  };

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_USAGE;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return EXIT_OK;
      }
      // commander already printed its message (with a "did you mean" suggestion where it has one).
      streams.stderr(`Run 'lab-console --help' to see the commands and options.\n`);
      return EXIT_USAGE;
    }
    const exitCode = (error as { exitCode?: unknown }).exitCode;
    const message = error instanceof Error ? error.message : String(error);
    if (exitCode === EXIT_USAGE) {
      const kind = (error as { kind?: 'usage' | 'invalid_input' }).kind ?? 'usage';
      return fail(kind, message, EXIT_USAGE);
    }
    context?.app().logger.error('command failed', { argv: argv.join(' '), error: message });
    return fail('failed', message, typeof exitCode === 'number' ? exitCode : EXIT_FAILED);
  } finally {
    context?.close();
  }
}
