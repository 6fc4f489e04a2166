import type { AppContext, AppContextOptions } from '../app/app-context';
import { resolveHome } from '../store/home';
import type { Logger } from '../log/logger';
import type { Clock } from '../time/clock';
import type { SettingsStore } from '../settings/settings-store';
import type { SecretStore } from '../store/secret-store';
import { CliOutput, type CliStreams } from './cli-output';
import { CliText } from './cli-text';

export interface GlobalOptions {
  readonly home?: string;
  readonly json?: boolean;
  readonly osCloud?: string;
  readonly verbose?: boolean;
}

export type AppFactory = (options: AppContextOptions) => AppContext;

/** The part of the app a command needs when it opens no store: the cloud commands. */
export interface CliServices {
  readonly settings: SettingsStore;
  readonly secrets: SecretStore;
  readonly logger: Logger;
}

/**
 * What every command gets: the global options, the output, and the app's services on demand.
 * It imports the app only as a type: the CLI loads the app's module (the store, terminals, desktops,
 * labs…) only for the commands that open it, so the others start without paying for it.
 */
export class CliRunContext {
  readonly out: CliOutput;
  readonly homeDir: string;
  private appContext: AppContext | undefined;
  private services: CliServices | undefined;
  /** A command that ends with a status of its own (a remote command's, a check's) sets it here. */
  exitCode: number | undefined;

  constructor(
    readonly globals: GlobalOptions,
    readonly streams: CliStreams,
    readonly env: NodeJS.ProcessEnv = process.env,
    private readonly createApp?: AppFactory,
    /** The run's language; English when a test builds a context itself. */
    readonly text: CliText = new CliText('en'),
    /** The app's clock when not the system's (a test's). */
    private readonly clock?: Clock,
    /** The process ends as soon as this run returns (RunCliOptions.endsProcess). */
    readonly endsProcess = false,
  ) {
    this.out = new CliOutput(Boolean(globals.json), streams, text);
    this.homeDir = resolveHome(globals.home, env);
  }

  /** The cloud named by --os-cloud, else OS_CLOUD. */
  get cloudName(): string | undefined {
    return this.globals.osCloud ?? this.env.OS_CLOUD;
  }

  /** Whether this run can open the whole app (its command declared that it needs it). */
  get hasApp(): boolean {
    return this.createApp !== undefined;
  }

  /** The text of --verbose: log lines on stderr. */
  get echoLog(): ((line: string) => void) | undefined {
    return this.globals.verbose ? (line) => this.streams.stderr(`${line}\n`) : undefined;
  }

  /**
   * Opens the data folder (settings, store, secrets, log) the first time a command needs it.
   * `browser`: browser mode is the app itself, so it reconciles and runs its labs like the desktop app.
   */
  app(logName = 'cli', mode: 'cli' | 'browser' = 'cli'): AppContext {
    if (!this.createApp) throw new Error(this.text.t('program.loadedWithoutApp'));
    // One writer of cli.log: the one opened before the app (the cloud resolved first), if any
    // (src/core/cli/cli-services.ts writes cli.log; browser mode and the worker write their own).
    this.appContext ??= this.createApp({
      home: this.homeDir,
      mode,
      logName,
      echoLog: this.echoLog,
      clock: this.clock,
      logger: logName === 'cli' ? this.services?.logger : undefined,
    });
    return this.appContext;
  }

  /**
   * Settings, secrets and the log: the app's once this run has opened it, else built alone by `build`
   * (once) — so that a command can resolve its cloud and send its first request before it opens the
   * store (the cohort commands open it while that request is out).
   */
  cliServices(build: () => CliServices): CliServices {
    if (this.appContext) {
      const app = this.appContext;
      return { settings: app.settings, secrets: app.secrets, logger: app.logger };
    }
    this.services ??= build();
    return this.services;
  }

  /** The log this run opened, if any (failures are written there). */
  openLogger(): Logger | undefined {
    return this.appContext?.logger ?? this.services?.logger;
  }

  /** A run that ends the process leaves the store's checkpoint to the next open (AppContext.close). */
  close(): void {
    this.appContext?.close({ storeLeftToExit: this.endsProcess });
    this.appContext = undefined;
  }
}
