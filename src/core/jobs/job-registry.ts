import type { z } from 'zod';
import type { JobProgress } from '../../shared/jobs';
import type { Logger } from '../log/logger';
import type { Clock } from '../time/clock';
import { InvalidJobPayloadError, UnknownJobTypeError } from './job-errors';

/** What a running handler gets from the worker. */
export interface JobContext {
  readonly jobId: number;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /**
   * Aborted when the job is cancelled, when the app quits (drain) or when the lease was lost; the
   * reason is a JobAbortedError. Pass it to every wait and request; throwing it ends the attempt.
   */
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Persists the job's latest progress and tells in-process listeners (the UI). */
  progress(update: Omit<JobProgress, 'at'>): void;
}

export interface JobDefinition<P = unknown, R = unknown> {
  readonly type: string;
  /**
   * Checked on enqueue and again before every attempt (the stored row may come from an older
   * version). Payloads are stored in plain text and printed by `jobs list --json`: ids and names
   * only, never a secret.
   */
  readonly payload: z.ZodType<P>;
  readonly maxAttempts: number;
  /** Jobs with the same key run one at a time, oldest first; different keys run in parallel. */
  key(payload: P): string;
  /** Enqueueing a job whose dedupe key matches a queued or running job returns that job instead. */
  dedupeKey?(payload: P): string | undefined;
  /**
   * Must converge: it may run again after a crash at any point, so it looks at the world (the stack
   * by its name) before it acts. Throw PermanentJobError when retrying cannot help.
   */
  handler(payload: P, ctx: JobContext): Promise<R>;
}

/**
 * A definition of any payload type, for lists of mixed definitions. `any` because TypeScript has no
 * existential types: the registry checks every payload with the definition's own schema instead.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobDefinition = JobDefinition<any, unknown>;

/** Identity function that keeps the payload type flowing from the schema into key and handler. */
export function defineJob<P, R>(definition: JobDefinition<P, R>): JobDefinition<P, R> {
  if (!Number.isInteger(definition.maxAttempts) || definition.maxAttempts < 1) {
    throw new RangeError(`Job type "${definition.type}": maxAttempts must be a whole number ≥ 1.`);
  }
  return definition;
}

/** The job types one process can run; injected so the CLI, the app and tests choose their own. */
export class JobRegistry {
  private readonly definitions = new Map<string, JobDefinition>();

  constructor(definitions: readonly AnyJobDefinition[] = []) {
    for (const definition of definitions) this.register(definition);
  }

  register<P, R>(definition: JobDefinition<P, R>): this {
    if (this.definitions.has(definition.type)) throw new Error(`Job type "${definition.type}" is registered twice.`);
    this.definitions.set(definition.type, definition as unknown as JobDefinition);
    return this;
  }

  types(): string[] {
    return [...this.definitions.keys()];
  }

  has(type: string): boolean {
    return this.definitions.has(type);
  }

  get(type: string): JobDefinition {
    const definition = this.definitions.get(type);
    if (!definition) throw new UnknownJobTypeError(type, this.types());
    return definition;
  }

  /** Checks a payload against its type's schema; the message names every bad field. */
  parsePayload(type: string, payload: unknown): unknown {
    const result = this.get(type).payload.safeParse(payload);
    if (!result.success) throw new InvalidJobPayloadError(type, formatProblems(result.error));
    return result.data;
  }
}

function formatProblems(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(payload)'}: ${issue.message}`).join('; ');
}
