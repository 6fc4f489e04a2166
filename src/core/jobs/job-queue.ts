import { EventEmitter } from 'node:events';
import { isTerminalJobStatus, type JobEvent, type JobRecord } from '../../shared/jobs';
import { silentLogger, type Logger } from '../log/logger';
import type { Db } from '../store/database';
import { systemClock, type Clock } from '../time/clock';
import { JobNotFoundError } from './job-errors';
import type { JobDefinition, JobRegistry } from './job-registry';
import { JobStore, type JobFilter } from './job-store';
import { JobWorker, type JobWorkerOptions, type WorkerQueueAccess } from './job-worker';

export interface JobQueueOptions {
  readonly db: Db;
  readonly registry: JobRegistry;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export interface EnqueueOptions {
  /** Overrides the definition's dedupe key. */
  readonly dedupeKey?: string;
  /** Not before this time (ms since the epoch). */
  readonly runAfter?: number;
}

export interface WaitForOptions {
  readonly signal?: AbortSignal;
  /** First poll interval of the table (other processes' jobs); doubles up to `maxPollMs`. */
  readonly pollMs?: number;
  readonly maxPollMs?: number;
}

type Listener = (event: JobEvent) => void;

/**
 * The queue as callers see it: enqueue (validated, deduplicated), cancel, look up, wait for an end,
 * and listen to changes. Workers (this process's or another's) run the jobs; a worker of this
 * process is made here, and only it gets at the table's lease-guarded writes.
 */
export class JobQueue {
  private readonly store: JobStore;
  private readonly registry: JobRegistry;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly emitter = new EventEmitter();

  constructor(options: JobQueueOptions) {
    this.store = new JobStore(options.db);
    this.registry = options.registry;
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child('jobs');
    // Every waitFor adds a listener for as long as it waits; many waiters are normal.
    this.emitter.setMaxListeners(0);
  }

  /**
   * Validates the payload with the type's schema (throws InvalidJobPayloadError) and stores the job.
   * The type must be one this queue's registry knows (UnknownJobTypeError otherwise).
   */
  enqueue<P>(definition: JobDefinition<P, unknown>, payload: P, options: EnqueueOptions = {}): { job: JobRecord; joined: boolean } {
    const { type } = definition;
    const registered = this.registry.get(type);
    const parsed = this.registry.parsePayload(type, payload);
    const now = this.clock.now();
    const outcome = this.store.insert(
      {
        type,
        key: registered.key(parsed),
        dedupeKey: options.dedupeKey ?? registered.dedupeKey?.(parsed),
        payload: parsed,
        maxAttempts: registered.maxAttempts,
        runAfter: options.runAfter ?? now,
      },
      now,
    );
    if (!outcome.joined) this.emit({ kind: 'enqueued', job: outcome.job });
    return outcome;
  }

  get(id: number): JobRecord | undefined {
    return this.store.get(id);
  }

  require(id: number): JobRecord {
    const job = this.store.get(id);
    if (!job) throw new JobNotFoundError(id);
    return job;
  }

  /** Newest first, of every key. */
  list(filter?: Omit<JobFilter, 'key'>): JobRecord[] {
    return this.store.list(filter);
  }

  /** The jobs of one key (e.g. one lab's), newest first. */
  jobsOfKey(key: string, filter: Omit<JobFilter, 'key'> = {}): JobRecord[] {
    return this.store.list({ ...filter, key });
  }

  /** The newest job of one key, whatever its status. */
  latestOfKey(key: string): JobRecord | undefined {
    return this.store.list({ key, limit: 1 })[0];
  }

  /** Queued jobs this queue's workers run whose retry time has not come yet. */
  countWaiting(): number {
    return this.store.countWaiting(this.registry.types(), this.clock.now());
  }

  /** The job types a worker of this queue runs. */
  types(): string[] {
    return this.registry.types();
  }

  /** A worker of this process for this queue's job types; start() or tick() it. */
  worker(options: JobWorkerOptions = {}): JobWorker {
    const access: WorkerQueueAccess = {
      store: this.store,
      registry: this.registry,
      clock: this.clock,
      logger: this.logger,
      emit: (event) => this.emit(event),
    };
    return new JobWorker(this, access, options);
  }

  /**
   * Cancels a queued job at once; a running one is flagged and its handler's signal aborted (here at
   * once, in another process at its worker's next heartbeat). Returns the job as it now stands.
   */
  cancel(id: number): JobRecord {
    const { job } = this.store.requestCancel(id, this.clock.now());
    if (!job) throw new JobNotFoundError(id);
    this.emit({ kind: job.status === 'cancelled' ? 'finished' : 'cancel-requested', job });
    return job;
  }

  /**
   * Resolves with the job once it has ended (succeeded, failed or cancelled), whichever process runs
   * it: events of this process resolve at once, the table is polled with backoff for the others.
   */
  async waitFor(id: number, options: WaitForOptions = {}): Promise<JobRecord> {
    const first = this.require(id);
    if (isTerminalJobStatus(first.status)) return first;
    const inner = new AbortController();
    const onOuterAbort = (): void => inner.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    let done: JobRecord | undefined;
    const unsubscribe = this.on((event) => {
      if (event.job.id === id && isTerminalJobStatus(event.job.status)) {
        done = event.job;
        inner.abort();
      }
    });
    try {
      let delay = options.pollMs ?? 50;
      for (;;) {
        if (done) return done;
        options.signal?.throwIfAborted();
        const job = this.require(id);
        if (isTerminalJobStatus(job.status)) return job;
        try {
          await this.clock.sleep(delay, inner.signal);
        } catch {
          // Woken by an event (or the caller's abort, rethrown above on the next turn).
        }
        delay = Math.min(delay * 2, options.maxPollMs ?? 1_000);
      }
    } finally {
      unsubscribe();
      options.signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  /** Every change of a job made by this process. Returns the unsubscribe function. */
  on(listener: Listener): () => void {
    this.emitter.on('job', listener);
    return () => this.emitter.off('job', listener);
  }

  private emit(event: JobEvent): void {
    for (const listener of this.emitter.listeners('job') as Listener[]) {
      try {
        listener(event);
      } catch (error) {
        // A faulty listener (UI bridge) must never break the worker that reported the change.
        this.logger.warn('job listener failed', { error: String(error) });
      }
    }
  }
}
