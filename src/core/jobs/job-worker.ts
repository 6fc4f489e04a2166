import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { JobEvent, JobRecord } from '../../shared/jobs';
import type { Logger } from '../log/logger';
import type { Clock } from '../time/clock';
import { defaultJobBackoff, retryDelay, type JobBackoff } from './backoff';
import { describeJobError, InvalidJobPayloadError, JobAbortedError } from './job-errors';
import type { JobQueue } from './job-queue';
import type { JobContext, JobRegistry } from './job-registry';
import type { ClaimedJob, JobStore, LeaseGuard } from './job-store';

export interface JobWorkerOptions {
  /** Names this worker in leases; unique per process. */
  readonly owner?: string;
  /** Jobs run at once, over all keys (one per key at most). */
  readonly concurrency?: number;
  /** How long a claim holds without a heartbeat: a killed worker's job is taken over after this. */
  readonly leaseMs?: number;
  /** How often a running job's lease is extended (and a cancel from another process noticed). */
  readonly heartbeatMs?: number;
  /** How often the table is looked at for jobs other processes enqueued or that became due. */
  readonly pollMs?: number;
  readonly backoff?: JobBackoff;
  readonly random?: () => number;
}

export type JobOutcomeKind = 'succeeded' | 'failed' | 'retrying' | 'cancelled' | 'released' | 'lost';

export interface JobOutcome {
  readonly kind: JobOutcomeKind;
  /** The job as stored after this attempt; undefined when the lease had been lost meanwhile. */
  readonly job: JobRecord | undefined;
}

interface RunningJob {
  readonly guard: LeaseGuard;
  readonly controller: AbortController;
  readonly stopHeartbeat: AbortController;
  released: boolean;
}

/**
 * What a worker needs of its queue beyond the queue's public API: the table's lease-guarded writes,
 * the job types it runs, and the events it tells the queue's listeners. Only the queue hands it out.
 */
export interface WorkerQueueAccess {
  readonly store: Pick<JobStore, 'claim' | 'renewLease' | 'setProgress' | 'succeed' | 'fail' | 'cancelled' | 'retry' | 'release'>;
  readonly registry: Pick<JobRegistry, 'types' | 'has' | 'get' | 'parsePayload'>;
  readonly clock: Clock;
  readonly logger: Logger;
  emit(event: JobEvent): void;
}

/** Claims jobs from the shared table and runs their handlers with leases, heartbeats and retries. */
export class JobWorker {
  readonly owner: string;
  readonly counts: Record<JobOutcomeKind, number> = { succeeded: 0, failed: 0, retrying: 0, cancelled: 0, released: 0, lost: 0 };
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly pollMs: number;
  private readonly backoff: JobBackoff;
  private readonly random: () => number;
  private readonly running = new Map<number, RunningJob>();
  /** The outcome of each running job, by id (the same jobs as `running`). */
  private readonly outcomes = new Map<number, Promise<JobOutcome>>();
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: AbortController | undefined;
  private readonly unsubscribe: () => void;

  /** Made by JobQueue.worker(), which hands over `access`. */
  constructor(
    readonly queue: JobQueue,
    private readonly access: WorkerQueueAccess,
    options: JobWorkerOptions = {},
  ) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.concurrency = options.concurrency ?? 4;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.heartbeatMs = options.heartbeatMs ?? Math.floor(this.leaseMs / 3);
    this.pollMs = options.pollMs ?? 1_000;
    this.backoff = options.backoff ?? defaultJobBackoff;
    this.random = options.random ?? Math.random;
    if (this.heartbeatMs >= this.leaseMs)
      throw new RangeError('heartbeatMs must be shorter than leaseMs, or leases expire while jobs run.');
    this.unsubscribe = queue.on((event) => {
      if (event.kind === 'enqueued') this.wake?.abort();
      if (event.kind === 'cancel-requested')
        this.running.get(event.job.id)?.controller.abort(new JobAbortedError('cancelled', event.job.id));
    });
  }

  /** The clock its leases, retries and waits run on (the queue's). */
  get clock(): Clock {
    return this.access.clock;
  }

  get activeCount(): number {
    return this.running.size;
  }

  /** Runs jobs until drain(): claims whenever a slot is free, a job is enqueued here, or every pollMs. */
  start(): void {
    if (this.loop || this.stopped) return;
    this.loop = (async () => {
      while (!this.stopped) {
        this.wake = new AbortController();
        try {
          this.tick();
        } catch (error) {
          // A locked or unreadable store: try again at the next poll rather than stop working.
          this.access.logger.error('could not claim jobs', { error: String(error) });
        }
        try {
          await this.access.clock.sleep(this.pollMs, this.wake.signal);
        } catch {
          // Woken early: a job was enqueued or finished.
        }
      }
    })();
  }

  /** Claims as many runnable jobs as there are free slots and starts them; returns their outcomes. */
  tick(): Promise<JobOutcome>[] {
    const started: Promise<JobOutcome>[] = [];
    while (!this.stopped && this.running.size < this.concurrency) {
      const next = this.claim();
      if (!next) break;
      started.push(next);
    }
    return started;
  }

  /**
   * Runs one given job in this process if it is runnable now (a CLI `lab launch` does so); undefined
   * when another worker holds it, it is not due, or this process does not know its type.
   */
  runJob(id: number): Promise<JobOutcome> | undefined {
    const job = this.queue.get(id);
    if (!job || !this.access.registry.has(job.type) || this.stopped) return undefined;
    return this.claim(id);
  }

  /** Runs what is runnable now, including jobs that become runnable as others finish, then resolves. */
  async runUntilIdle(): Promise<void> {
    for (;;) {
      this.tick();
      const pending = [...this.outcomes.values()];
      if (pending.length === 0) return;
      await Promise.race(pending);
    }
  }

  /**
   * Graceful stop: claims nothing more, asks running handlers to stop (their signal aborts with
   * reason "shutdown"), waits up to `timeoutMs`, then gives the unfinished jobs back so the next
   * start (or another worker) picks them up at once instead of waiting for their lease to run out.
   */
  async drain(timeoutMs = 10_000): Promise<{ released: number }> {
    this.stopped = true;
    this.wake?.abort();
    for (const [id, entry] of this.running) {
      if (!entry.controller.signal.aborted) entry.controller.abort(new JobAbortedError('shutdown', id));
    }
    const pending = [...this.outcomes.values()];
    const timer = new AbortController();
    await Promise.race([Promise.allSettled(pending), this.access.clock.sleep(timeoutMs, timer.signal).catch(() => undefined)]);
    timer.abort();
    let released = 0;
    for (const entry of this.running.values()) {
      entry.released = true;
      entry.stopHeartbeat.abort();
      const job = this.access.store.release(entry.guard, this.access.clock.now());
      if (job) {
        released++;
        this.counts.released++;
        this.access.emit({ kind: 'released', job });
      }
    }
    await this.loop;
    this.unsubscribe();
    return { released };
  }

  private claim(onlyId?: number): Promise<JobOutcome> | undefined {
    const { claimed, skipped } = this.access.store.claim({
      owner: this.owner,
      types: this.access.registry.types(),
      leaseMs: this.leaseMs,
      now: this.access.clock.now(),
      onlyId,
    });
    for (const job of skipped) {
      this.access.logger.warn('job ended without running', { id: job.id, type: job.type, status: job.status, error: job.error?.message });
      this.access.emit({ kind: 'finished', job });
    }
    if (!claimed) return undefined;
    const entry: RunningJob = {
      guard: claimed.guard,
      controller: new AbortController(),
      stopHeartbeat: new AbortController(),
      released: false,
    };
    // Known before the handler starts, so a cancel made while it starts reaches it.
    this.running.set(claimed.job.id, entry);
    const outcome = this.execute(claimed, entry)
      .catch((error: unknown): JobOutcome => {
        // The store refused the outcome (disk full, locked too long): the lease runs out and the
        // job is tried again, which handlers are written to survive.
        this.access.logger.error('could not record a job outcome', { id: claimed.job.id, error: String(error) });
        entry.stopHeartbeat.abort();
        this.counts.lost++;
        return { kind: 'lost', job: undefined };
      })
      .finally(() => {
        this.running.delete(claimed.job.id);
        this.outcomes.delete(claimed.job.id);
        this.wake?.abort();
      });
    this.outcomes.set(claimed.job.id, outcome);
    return outcome;
  }

  private async execute(claimed: ClaimedJob, entry: RunningJob): Promise<JobOutcome> {
    const { job, guard } = claimed;
    const { store, clock } = this.access;
    const logger = this.access.logger.child(job.type);
    this.access.emit({ kind: 'started', job });
    logger.info('job started', { id: job.id, attempt: guard.attempt, key: job.key });

    let payload: unknown;
    try {
      payload = this.access.registry.parsePayload(job.type, parseStoredPayload(job.type, claimed.rawPayload));
    } catch (error) {
      const described = describeJobError(error);
      return this.settle(
        'failed',
        store.fail(guard, { message: described.message, kind: described.kind ?? 'invalid_payload' }, clock.now()),
      );
    }

    const definition = this.access.registry.get(job.type);
    const ctx: JobContext = {
      jobId: job.id,
      attempt: guard.attempt,
      maxAttempts: job.maxAttempts,
      signal: entry.controller.signal,
      clock,
      logger,
      progress: (update) => {
        try {
          const fraction = update.fraction === undefined ? undefined : Math.min(1, Math.max(0, update.fraction));
          const saved = store.setProgress(guard, {
            message: update.message,
            ...(fraction === undefined ? {} : { fraction }),
            at: clock.now(),
          });
          if (saved) this.access.emit({ kind: 'progress', job: saved });
        } catch (error) {
          // Progress is for people; failing to store it must not fail the job.
          logger.warn('could not store job progress', { id: job.id, error: String(error) });
        }
      },
    };

    const heartbeat = this.heartbeat(entry);
    let settled: { ok: true; result: unknown } | { ok: false; error: unknown };
    try {
      settled = { ok: true, result: await definition.handler(payload, ctx) };
    } catch (error) {
      settled = { ok: false, error };
    } finally {
      entry.stopHeartbeat.abort();
      await heartbeat;
    }

    // drain() has given this job back already; whatever the handler did now belongs to the next run.
    if (entry.released) return this.settle('lost', undefined);
    const now = clock.now();
    if (settled.ok) return this.settle('succeeded', store.succeed(guard, settled.result, now));
    const abort = entry.controller.signal.aborted ? (entry.controller.signal.reason as JobAbortedError) : undefined;
    if (abort?.reason === 'lease-lost') return this.settle('lost', undefined);
    if (abort?.reason === 'cancelled') return this.settle('cancelled', store.cancelled(guard, now));
    if (abort?.reason === 'shutdown') return this.settle('released', store.release(guard, now));

    const described = describeJobError(settled.error);
    const { permanent: _permanent, ...error } = described;
    logger.warn('job attempt failed', { id: job.id, attempt: guard.attempt, error: described.message, kind: described.kind });
    if (described.permanent || guard.attempt >= job.maxAttempts) return this.settle('failed', store.fail(guard, error, now));
    const runAfter = now + retryDelay(this.backoff, guard.attempt, this.random);
    return this.settle('retrying', store.retry(guard, error, runAfter, now));
  }

  private settle(kind: JobOutcomeKind, job: JobRecord | undefined): JobOutcome {
    // A guarded write that matched nothing means another worker owns the job now.
    const effective: JobOutcomeKind = job === undefined ? 'lost' : kind;
    this.counts[effective]++;
    if (job) this.access.emit({ kind: effective === 'retrying' ? 'retrying' : effective === 'released' ? 'released' : 'finished', job });
    else this.access.logger.warn('job result discarded: its lease was lost', {});
    return { kind: effective, job };
  }

  private async heartbeat(entry: RunningJob): Promise<void> {
    const { store, clock } = this.access;
    const stop = entry.stopHeartbeat.signal;
    while (!stop.aborted) {
      try {
        await clock.sleep(this.heartbeatMs, stop);
      } catch {
        return;
      }
      const now = clock.now();
      let renewal: { held: boolean; cancelRequested: boolean };
      try {
        renewal = store.renewLease(entry.guard, now + this.leaseMs, now);
      } catch (error) {
        // A busy database: the lease has slack for a few missed beats.
        this.access.logger.warn('could not renew a job lease', { id: entry.guard.id, error: String(error) });
        continue;
      }
      if (!renewal.held) {
        entry.controller.abort(new JobAbortedError('lease-lost', entry.guard.id));
        return;
      }
      if (renewal.cancelRequested && !entry.controller.signal.aborted) {
        entry.controller.abort(new JobAbortedError('cancelled', entry.guard.id));
      }
    }
  }
}

function parseStoredPayload(type: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new InvalidJobPayloadError(type, `the stored payload is not JSON (${(error as Error).message}).`);
  }
}
