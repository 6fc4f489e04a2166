import { createAppContext } from '../app/app-context';
import type { CliStreams } from './cli-output';
import { CliRunContext, type GlobalOptions } from './cli-run-context';
import type { CliText } from './cli-text';

export type { GlobalOptions } from './cli-run-context';

/**
 * A CLI context with the whole app at hand, for code that builds one itself (tests). `lab-console`
 * builds a CliRunContext instead and loads the app only for the commands that need it
 * (src/core/cli/cli-commands.ts).
 */
export class CliContext extends CliRunContext {
  constructor(globals: GlobalOptions, streams: CliStreams, env: NodeJS.ProcessEnv = process.env, text?: CliText) {
    super(globals, streams, env, createAppContext, text);
  }
}
