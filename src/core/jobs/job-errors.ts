import type { MessageParams, MessageRef } from '../../shared/i18n/message';
import { localizedOf } from '../api/user-error';

/**
 * Thrown by a handler when retrying cannot help (a template Heat rejects, a course that is gone):
 * the job fails at once, keeping this message and kind.
 */
export class PermanentJobError extends Error {
  readonly permanent = true;
  constructor(
    message: string,
    readonly kind?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/** Why the worker aborted a handler's signal; handlers see it as `ctx.signal.reason`. */
export class JobAbortedError extends Error {
  constructor(
    readonly reason: 'cancelled' | 'shutdown' | 'lease-lost',
    readonly jobId: number,
  ) {
    super(
      reason === 'cancelled'
        ? `Job ${jobId} was cancelled.`
        : reason === 'shutdown'
          ? `Job ${jobId} was interrupted because Lab Console is quitting; it resumes at the next start.`
          : `Job ${jobId} lost its lease (another worker took it over).`,
    );
    this.name = 'JobAbortedError';
  }
}

export class UnknownJobTypeError extends Error {
  constructor(
    readonly type: string,
    readonly known: readonly string[],
  ) {
    super(`There is no job type "${type}" (known: ${known.length ? known.join(', ') : 'none'}).`);
    this.name = 'UnknownJobTypeError';
  }
}

export class InvalidJobPayloadError extends Error {
  readonly kind = 'invalid_payload';
  constructor(
    readonly type: string,
    readonly problems: string,
  ) {
    super(`The payload of a "${type}" job is invalid: ${problems}`);
    this.name = 'InvalidJobPayloadError';
  }
}

export class JobNotFoundError extends Error {
  constructor(readonly jobId: number) {
    super(`There is no job ${jobId} (see \`lab-console jobs list\`).`);
    this.name = 'JobNotFoundError';
  }
}

/** What a failed job keeps of an error: its message and kind, and the catalogue message it was composed from. */
export interface DescribedJobError {
  readonly message: string;
  readonly kind?: string;
  readonly messageKey?: string;
  readonly messageParams?: MessageParams;
  readonly permanent: boolean;
}

/**
 * The message and kind a failed job keeps: `kind` comes from the error's own kind or code when it has
 * one; the key and parameters when the message is the English of a catalogue message (localizedOf).
 */
export function describeJobError(error: unknown): DescribedJobError {
  if (error instanceof Error) {
    const tagged = error as Error & { kind?: unknown; code?: unknown; permanent?: unknown };
    const kind = typeof tagged.kind === 'string' ? tagged.kind : typeof tagged.code === 'string' ? tagged.code : undefined;
    const ref: MessageRef | undefined = localizedOf(error);
    return {
      message: error.message || error.name,
      kind,
      ...(ref ? { messageKey: ref.key, ...(ref.params ? { messageParams: ref.params } : {}) } : {}),
      permanent: tagged.permanent === true,
    };
  }
  return { message: String(error), permanent: false };
}
