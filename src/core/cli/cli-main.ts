import { Command, CommanderError, Help, Option } from 'commander';
import { APP_VERSION } from '../../shared/version';
import { CLI_COMMANDS, loadAppFactory, type CliCommandEntry } from './cli-commands';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli-errors';
import { processStreams, type CliStreams } from './cli-output';
import { CliRunContext, type AppFactory, type GlobalOptions } from './cli-run-context';

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

function globalProgram(): Command {
  return new Command('lab-console')
    .description('Lab Console: hands-on IT training labs on OpenStack, from the command line.')
    .version(APP_VERSION, '-V, --version', 'print the version')
    .option('--home <dir>', 'data folder (default: $LAB_CONSOLE_HOME or the per-user config folder)')
    .option('--json', 'machine-readable output (shapes documented in src/shared)')
    .addOption(new Option('--os-cloud <name>', 'cloud from clouds.yaml or the app (default: $OS_CLOUD)'))
    .option('-v, --verbose', 'also print log lines to stderr')
    .showSuggestionAfterError(true)
    .addHelpText('after', '\nExit codes: 0 ok, 1 the operation failed, 2 bad usage or invalid input.');
}

/**
 * The top-level command the arguments run (`help X` runs X's help), skipping the global options and
 * their values as `program` declares them; undefined for none.
 */
export function invokedCommand(program: Command, argv: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg.startsWith('-') && arg !== '-') {
      const option = program.options.find((o) => o.long === arg || o.short === arg);
      if (option && (option.required || option.optional)) i++;
      continue;
    }
    words.push(arg);
    if (arg !== 'help') break;
  }
  return words[0] === 'help' ? words[1] : words[0];
}

/** A stand-in for a command that does not run: enough for the help list and "did you mean". */
function placeholder(entry: CliCommandEntry): Command {
  return new Command(entry.name).description(entry.description);
}

/**
 * The program with every command; only `invoked` (when it is one) is loaded, the others are listed
 * from CLI_COMMANDS. Returns the app factory when the loaded command needs the app.
 */
export async function buildProgram(
  context: () => CliRunContext,
  options: RunCliOptions,
  invoked?: string,
): Promise<{ program: Command; appFactory: AppFactory | undefined }> {
  const program = globalProgram();
  const terms = new Map<Command, string>();
  const loadOptions = { waitForStop: options.waitForStop ?? waitForSignal };
  let appFactory: AppFactory | undefined;
  for (const entry of CLI_COMMANDS) {
    if (entry.name === invoked) {
      const [command, factory] = await Promise.all([entry.load(context, loadOptions), entry.needsApp ? loadAppFactory() : undefined]);
      appFactory = factory;
      program.addCommand(command);
    } else {
      const stand = placeholder(entry);
      terms.set(stand, entry.term);
      program.addCommand(stand);
    }
  }
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? new Help().subcommandTerm(cmd) });
  return { program, appFactory };
}

function configureRecursively(command: Command, streams: CliStreams): void {
  command.exitOverride();
  command.configureOutput({ writeOut: streams.stdout, writeErr: streams.stderr });
  for (const sub of command.commands) configureRecursively(sub, streams);
}

/** Runs one CLI invocation and returns its exit code; never calls process.exit itself. */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const streams = options.streams ?? processStreams;
  let context: CliRunContext | undefined;
  // Commands ask for the context only when they run, after commander has parsed the global options.
  const getContext = (): CliRunContext => {
    context ??= new CliRunContext(program.opts<GlobalOptions>(), streams, options.env ?? process.env, appFactory);
    return context;
  };
  const { program, appFactory } = await buildProgram(getContext, options, invokedCommand(globalProgram(), argv));
  configureRecursively(program, streams);

  const wantsJson = argv.includes('--json');
  const fail = async (kind: 'usage' | 'invalid_input' | 'failed', message: string, code: number): Promise<number> => {
    if (wantsJson) {
      const { CliFailure } = await import('../../shared/cli/serve');
      streams.stdout(`${JSON.stringify(CliFailure.parse({ error: { kind, message } }))}\n`);
    } else streams.stderr(`error: ${message}\n`);
    return code;
  };

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_USAGE;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return context?.exitCode ?? EXIT_OK;
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
      return await fail(kind, message, EXIT_USAGE);
    }
    (context?.hasApp ? context.app().logger : context?.openLogger())?.error('command failed', { argv: argv.join(' '), error: message });
    return await fail('failed', message, typeof exitCode === 'number' ? exitCode : EXIT_FAILED);
  } finally {
    context?.close();
  }
}
