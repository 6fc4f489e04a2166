import { createAppContext, type AppContext } from '../app/app-context';
import { resolveHome } from '../app/home';
import { CliOutput, type CliStreams } from './cli-output';

export interface GlobalOptions {
  readonly home?: string;
  readonly json?: boolean;
  readonly osCloud?: string;
  readonly verbose?: boolean;
}

/** What every command gets: the global options, the output, and the app's services on demand. */
export class CliContext {
  readonly out: CliOutput;
  readonly homeDir: string;
  private appContext: AppContext | undefined;

  constructor(
    readonly globals: GlobalOptions,
    readonly streams: CliStreams,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.out = new CliOutput(Boolean(globals.json), streams);
    this.homeDir = resolveHome(globals.home, env);
  }

  /** The cloud named by --os-cloud, else OS_CLOUD. */
  get cloudName(): string | undefined {
    return this.globals.osCloud ?? this.env.OS_CLOUD;
  }

  /** Opens the data folder (settings, store, secrets, log) the first time a command needs it. */
  app(logName = 'cli'): AppContext {
    this.appContext ??= createAppContext({
      home: this.homeDir,
      mode: 'cli',
      logName,
      echoLog: this.globals.verbose ? (line) => this.streams.stderr(`${line}\n`) : undefined,
    });
    return this.appContext;
  }

  close(): void {
    this.appContext?.close();
    this.appContext = undefined;
  }
}
