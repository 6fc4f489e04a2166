import { Command, CommanderError, Help, Option } from 'commander';
import { APP_VERSION } from '../../shared/version';
import { CLI_COMMANDS, loadAppFactory, type CliCommandEntry } from './cli-commands';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli-errors';
import { cliLocale } from './cli-language';
import { processStreams, type CliStreams } from './cli-output';
import { CliRunContext, type AppFactory, type GlobalOptions } from './cli-run-context';
import { CliText, type CliT } from './cli-text';
import { localizeCommander } from './commander-text';
import { resolveHome } from '../store/home';
import type { Clock } from '../time/clock';
import type { CloudCheckHeadStart } from './commands/cloud-check-head-start';
import type { CohortHeadStart } from './commands/cohort-head-start';

export interface RunCliOptions {
  readonly streams?: CliStreams;
  readonly env?: NodeJS.ProcessEnv;
  /** How a long-running command (serve, jobs work --follow) waits for its end; tests pass their own. */
  readonly waitForStop?: (stop: () => Promise<void>) => Promise<void>;
  /** The clock the app's waits run on (retry backoff, job polls); tests pass a faster one. */
  readonly clock?: Clock;
  /** A `cloud check` begun before the program was built, handed to the command (src/core/cli/cli-snapshot-entry.ts). */
  readonly cloudCheckHeadStart?: CloudCheckHeadStart;
  /** A `cohort list` or `cohort export` login sent before the program was built, handed to the command. */
  readonly cohortHeadStart?: CohortHeadStart;
  /**
   * The process exits as soon as this run returns and its output is flushed (bin/lab-console): what
   * the exit lets go of anyway (the store, the cloud's idle connections) is not closed first. The
   * store's close would checkpoint its WAL (copy every page written into the database file, two
   * fsyncs): the next open reads the WAL instead, and SQLite checkpoints it when it grows.
   */
  readonly endsProcess?: boolean;
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

function globalProgram({ t }: CliText): Command {
  return new Command('lab-console')
    .description(t('program.description'))
    .version(APP_VERSION, '-V, --version', t('program.version'))
    .option('--home <dir>', t('program.home'))
    .option('--json', t('program.json'))
    .addOption(new Option('--os-cloud <name>', t('program.osCloud')))
    .option('-v, --verbose', t('program.verbose'))
    .showSuggestionAfterError(true)
    .addHelpText('after', `\n${t('program.exitCodes')}`);
}

/** The value of a global option given before the command (`--home DIR` or `--home=DIR`), if any. */
export function globalOptionValue(program: Command, argv: readonly string[], long: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return undefined;
    if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
    if (!arg.startsWith('-') || arg === '-') return undefined;
    const option = program.options.find((o) => o.long === arg || o.short === arg);
    if (option && (option.required || option.optional)) {
      if (arg === long) return argv[i + 1];
      i++;
    }
  }
  return undefined;
}

/**
 * The text of one run. `--json` is for scripts: it speaks English whatever the language, so its
 * messages read the same everywhere. Otherwise Settings › Language of the data folder, then the
 * POSIX locale.
 */
function runText(argv: readonly string[], env: NodeJS.ProcessEnv): CliText {
  if (argv.includes('--json')) return new CliText('en');
  // Only the options' shapes matter here (which take a value), not their words.
  const shapes = globalProgram({ t: ((key: string) => key) as CliT } as CliText);
  return new CliText(cliLocale(resolveHome(globalOptionValue(shapes, argv, '--home'), env), env));
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
function placeholder(entry: CliCommandEntry, text: CliText): Command {
  return new Command(entry.name).description(entry.description(text.t));
}

/**
 * The program with every command; only `invoked` (when it is one) is loaded, the others are listed
 * from CLI_COMMANDS. Returns the app factory when the loaded command needs the app.
 */
export async function buildProgram(
  context: () => CliRunContext,
  options: RunCliOptions,
  text: CliText,
  invoked?: string,
): Promise<{ program: Command; appFactory: AppFactory | undefined }> {
  const program = globalProgram(text);
  const terms = new Map<Command, string>();
  const loadOptions = {
    waitForStop: options.waitForStop ?? waitForSignal,
    text,
    cloudCheckHeadStart: options.cloudCheckHeadStart,
    cohortHeadStart: options.cohortHeadStart,
  };
  let appFactory: AppFactory | undefined;
  for (const entry of CLI_COMMANDS) {
    if (entry.name === invoked) {
      const [command, factory] = await Promise.all([entry.load(context, loadOptions), entry.needsApp ? loadAppFactory() : undefined]);
      appFactory = factory;
      program.addCommand(command);
    } else {
      const stand = placeholder(entry, text);
      terms.set(stand, entry.term);
      program.addCommand(stand);
    }
  }
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? new Help().subcommandTerm(cmd) });
  return { program, appFactory };
}

/** Runs one CLI invocation and returns its exit code; never calls process.exit itself. */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const streams = options.streams ?? processStreams;
  const env = options.env ?? process.env;
  const text = runText(argv, env);
  const { t } = text;
  let context: CliRunContext | undefined;
  // Commands ask for the context only when they run, after commander has parsed the global options.
  const getContext = (): CliRunContext => {
    context ??= new CliRunContext(program.opts<GlobalOptions>(), streams, env, appFactory, text, options.clock, options.endsProcess);
    return context;
  };
  const { program, appFactory } = await buildProgram(getContext, options, text, invokedCommand(globalProgram(text), argv));
  localizeCommander(program, text, streams);

  const wantsJson = argv.includes('--json');
  const fail = async (kind: 'usage' | 'invalid_input' | 'failed', message: string, code: number): Promise<number> => {
    if (wantsJson) {
      const { CliFailure } = await import('../../shared/cli/serve');
      streams.stdout(`${JSON.stringify(CliFailure.parse({ error: { kind, message } }))}\n`);
    } else streams.stderr(`${t('program.error', { message })}\n`);
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
      streams.stderr(`${t('program.seeHelp')}\n`);
      return EXIT_USAGE;
    }
    const exitCode = (error as { exitCode?: unknown }).exitCode;
    const message = error instanceof Error ? error.message : String(error);
    // People read the error in the run's language (the text of a --json run is English); the log keeps the English.
    const shown = text.errorSentence(error);
    if (exitCode === EXIT_USAGE) {
      const kind = (error as { kind?: 'usage' | 'invalid_input' }).kind ?? 'usage';
      return await fail(kind, shown, EXIT_USAGE);
    }
    // The log already open, else the app's (a failure before either opened).
    const logger = context?.openLogger() ?? (context?.hasApp ? context.app().logger : undefined);
    logger?.error('command failed', { argv: argv.join(' '), error: message });
    return await fail('failed', shown, typeof exitCode === 'number' ? exitCode : EXIT_FAILED);
  } finally {
    context?.close();
  }
}
