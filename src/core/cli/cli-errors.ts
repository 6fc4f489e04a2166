import type { MessageRef } from '../../shared/i18n/message';

/** Exit codes of every lab-console command. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Bad usage or invalid input (a bad flag, a broken course bundle): exit 2. */
export class CliUsageError extends Error {
  readonly exitCode = EXIT_USAGE;
  constructor(
    message: string,
    readonly kind: 'usage' | 'invalid_input' = 'usage',
  ) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The operation was understood but failed (cloud refused, lab failed): exit 1. */
export class CliOperationError extends Error {
  readonly exitCode: number = EXIT_FAILED;
  constructor(
    message: string,
    /** The catalogue message `message` is the English of, when it was composed from one. */
    readonly localized?: MessageRef,
  ) {
    super(message);
    this.name = 'CliOperationError';
  }
}
