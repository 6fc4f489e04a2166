import type { Logger } from '../core/log/logger';

/** An error for the log: its stack where it has one (the log is where a bug gets found). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

export interface ProcessGuardOptions {
  readonly logger: Logger;
  /** Stopping browser mode the way Ctrl+C does: close the server, suspend the running labs. */
  readonly stop: () => Promise<void>;
  /** One line for the person at the terminal. */
  readonly tell: (line: string) => void;
  readonly exit: (code: number) => void;
  /** The process; a test passes its own emitter. */
  readonly events?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/**
 * Last line of defence for `lab-console serve`. A rejected promise nobody awaited is a bug, but
 * leaves no state half-changed: it is logged and serving goes on. An uncaught exception may have
 * left anything half-done (Node's advice is to exit), so it is logged, the running labs are
 * suspended as on a normal stop, and the process exits with 1. Returns the uninstaller.
 */
export function guardServeProcess(options: ProcessGuardOptions): () => void {
  const events = options.events ?? process;
  let exiting = false;
  const onRejection = (reason: unknown): void => {
    options.logger.error('unhandled promise rejection (serving goes on)', { error: describeError(reason) });
  };
  const onException = (error: unknown): void => {
    options.logger.error('uncaught exception: stopping browser mode', { error: describeError(error) });
    if (exiting) return;
    exiting = true;
    options.tell('Lab Console hit an internal error (details in its log): suspending running labs, then stopping.');
    void options
      .stop()
      .catch((stopError: unknown) =>
        options.logger.error('stopping after an uncaught exception failed', { error: describeError(stopError) }),
      )
      .finally(() => options.exit(1));
  };
  events.on('unhandledRejection', onRejection);
  events.on('uncaughtException', onException);
  return () => {
    events.off('unhandledRejection', onRejection);
    events.off('uncaughtException', onException);
  };
}
