import type { Statement } from 'better-sqlite3';
import { JobRecord, type JobError, type JobProgress, type JobStatus } from '../../shared/jobs';
import { WireMessageParams } from '../../shared/i18n/message-wire';
import type { Db } from '../store/database';

interface JobRow {
  id: number;
  type: string;
  job_key: string;
  dedupe_key: string | null;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_after: number;
  lease_owner: string | null;
  lease_until: number | null;
  cancel_requested: number;
  progress: string | null;
  result: string | null;
  error_message: string | null;
  error_kind: string | null;
  error_message_ref: string | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
}

export interface JobFilter {
  readonly statuses?: readonly JobStatus[];
  readonly type?: string;
  /** Only the jobs of this key (e.g. one lab's). */
  readonly key?: string;
  /** At most this many, newest first (default 100). */
  readonly limit?: number;
}

export interface NewJob {
  readonly type: string;
  readonly key: string;
  readonly dedupeKey?: string;
  readonly payload: unknown;
  readonly maxAttempts: number;
  readonly runAfter: number;
}

/** Proof that a worker holds a job: every write of a running job checks all three. */
export interface LeaseGuard {
  readonly id: number;
  readonly owner: string;
  readonly attempt: number;
}

export interface ClaimedJob {
  readonly job: JobRecord;
  /** The stored payload text, parsed and validated by the worker (it may be corrupt). */
  readonly rawPayload: string;
  readonly guard: LeaseGuard;
}

/** Jobs that must not be claimed (a process's lease died too often) end here instead. */
export interface ClaimSkip {
  readonly job: JobRecord;
}

const ACTIVE = `status IN ('queued', 'running')`;

/**
 * The jobs table. Every write runs in a BEGIN IMMEDIATE transaction: it takes SQLite's write lock
 * first (waiting up to busy_timeout), so a claim's read and update see the same state in every
 * process sharing the file, and WAL never answers SQLITE_BUSY_SNAPSHOT half-way through.
 */
export class JobStore {
  private readonly statements: {
    insert: Statement;
    byId: Statement;
    activeByDedupe: Statement;
    candidates: Statement;
    candidateById: Statement;
    claim: Statement;
  };

  constructor(readonly db: Db) {
    const claimable = `
      j.${ACTIVE}
      AND ((j.status = 'queued' AND j.run_after <= @now) OR (j.status = 'running' AND j.lease_until < @now))
      AND NOT EXISTS (SELECT 1 FROM jobs e WHERE e.job_key = j.job_key AND e.id < j.id AND e.${ACTIVE})`;
    this.statements = {
      insert: db.prepare(`
        INSERT INTO jobs (type, job_key, dedupe_key, payload, status, attempts, max_attempts, run_after, created_at, updated_at)
        VALUES (@type, @key, @dedupeKey, @payload, 'queued', 0, @maxAttempts, @runAfter, @now, @now)
        RETURNING *`),
      byId: db.prepare(`SELECT * FROM jobs WHERE id = ?`),
      activeByDedupe: db.prepare(`SELECT * FROM jobs WHERE dedupe_key = ? AND ${ACTIVE}`),
      // Oldest first within a key (FIFO), so "suspend" never overtakes the "launch" before it.
      candidates: db.prepare(`
        SELECT j.* FROM jobs j
        WHERE j.type IN (SELECT value FROM json_each(@types)) AND ${claimable}
        ORDER BY j.run_after, j.id LIMIT 1`),
      candidateById: db.prepare(`SELECT j.* FROM jobs j WHERE j.id = @id AND ${claimable}`),
      claim: db.prepare(`
        UPDATE jobs SET status = 'running', lease_owner = @owner, lease_until = @leaseUntil, attempts = attempts + 1,
          started_at = COALESCE(started_at, @now), updated_at = @now
        WHERE id = @id
        RETURNING *`),
    };
  }

  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Inserts a job, or returns the queued/running job with the same dedupe key. */
  insert(job: NewJob, now: number): { job: JobRecord; joined: boolean } {
    return this.write(() => {
      if (job.dedupeKey !== undefined) {
        const existing = this.statements.activeByDedupe.get(job.dedupeKey) as JobRow | undefined;
        if (existing) return { job: toRecord(existing), joined: true };
      }
      const row = this.statements.insert.get({
        type: job.type,
        key: job.key,
        dedupeKey: job.dedupeKey ?? null,
        payload: JSON.stringify(job.payload ?? null),
        maxAttempts: job.maxAttempts,
        runAfter: job.runAfter,
        now,
      }) as JobRow;
      return { job: toRecord(row), joined: false };
    });
  }

  get(id: number): JobRecord | undefined {
    const row = this.statements.byId.get(id) as JobRow | undefined;
    return row && toRecord(row);
  }

  /** Newest first. */
  list(filter: JobFilter = {}): JobRecord[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit ?? 100 };
    if (filter.key !== undefined) {
      where.push(`job_key = @key`);
      params.key = filter.key;
    }
    if (filter.statuses?.length) {
      where.push(`status IN (SELECT value FROM json_each(@statuses))`);
      params.statuses = JSON.stringify(filter.statuses);
    }
    if (filter.type) {
      where.push(`type = @type`);
      params.type = filter.type;
    }
    const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
    return (this.db.prepare(sql).all(params) as JobRow[]).map(toRecord);
  }

  /** Queued jobs of these types whose retry time has not come yet. */
  countWaiting(types: readonly string[], now: number): number {
    const row = this.db
      .prepare(`SELECT count(*) AS n FROM jobs WHERE status = 'queued' AND run_after > ? AND type IN (SELECT value FROM json_each(?))`)
      .get(now, JSON.stringify(types)) as { n: number };
    return row.n;
  }

  /**
   * Claims the oldest runnable job of one of `types` (or exactly job `onlyId`): queued and due, or
   * running under a lease that has passed (its process died). A job whose lease died more often
   * than it may be attempted fails instead of crash-looping; `skipped` reports those.
   */
  claim(options: { owner: string; types: readonly string[]; leaseMs: number; now: number; onlyId?: number }): {
    claimed?: ClaimedJob;
    skipped: JobRecord[];
  } {
    return this.write(() => {
      const skipped: JobRecord[] = [];
      for (;;) {
        const { now } = options;
        const row = (
          options.onlyId !== undefined
            ? this.statements.candidateById.get({ id: options.onlyId, now })
            : this.statements.candidates.get({ types: JSON.stringify(options.types), now })
        ) as JobRow | undefined;
        if (!row) return { skipped };
        if (row.cancel_requested) {
          skipped.push(this.finishRow(row.id, 'cancelled', now, {}));
          continue;
        }
        if (row.status === 'running' && row.attempts >= row.max_attempts) {
          skipped.push(
            this.finishRow(row.id, 'failed', now, {
              error: {
                message: `The process running this job stopped without finishing it ${row.attempts} time(s) (lease of ${row.lease_owner ?? 'unknown'} expired); giving up.`,
                kind: 'lease_expired',
              },
            }),
          );
          continue;
        }
        const claimed = this.statements.claim.get({ id: row.id, owner: options.owner, leaseUntil: now + options.leaseMs, now }) as JobRow;
        const job = toRecord(claimed);
        return {
          claimed: { job, rawPayload: claimed.payload, guard: { id: job.id, owner: options.owner, attempt: job.attempts } },
          skipped,
        };
      }
    });
  }

  /** Extends the lease; tells whether it is still held and whether someone asked to cancel. */
  renewLease(guard: LeaseGuard, leaseUntil: number, now: number): { held: boolean; cancelRequested: boolean } {
    return this.write(() => {
      const row = this.db
        .prepare(`UPDATE jobs SET lease_until = ?, updated_at = ? WHERE ${GUARD} RETURNING cancel_requested`)
        .get(leaseUntil, now, guard.id, guard.owner, guard.attempt) as { cancel_requested: number } | undefined;
      return { held: row !== undefined, cancelRequested: Boolean(row?.cancel_requested) };
    });
  }

  setProgress(guard: LeaseGuard, progress: JobProgress): JobRecord | undefined {
    return this.guarded(guard, `progress = @progress, updated_at = @now`, { progress: JSON.stringify(progress), now: progress.at });
  }

  succeed(guard: LeaseGuard, result: unknown, now: number): JobRecord | undefined {
    return this.guarded(guard, `status = 'succeeded', result = @result, ${CLEAR_LEASE}, finished_at = @now, updated_at = @now`, {
      result: JSON.stringify(result ?? null),
      now,
    });
  }

  fail(guard: LeaseGuard, error: JobError, now: number): JobRecord | undefined {
    return this.guarded(
      guard,
      `status = 'failed', ${ERROR_SET}, ${CLEAR_LEASE}, finished_at = @now, updated_at = @now`,
      errorParams(error, now),
    );
  }

  cancelled(guard: LeaseGuard, now: number): JobRecord | undefined {
    return this.guarded(guard, `status = 'cancelled', ${CLEAR_LEASE}, finished_at = @now, updated_at = @now`, { now });
  }

  /** Back to the queue after a failed attempt, not before `runAfter`, keeping the error. */
  retry(guard: LeaseGuard, error: JobError, runAfter: number, now: number): JobRecord | undefined {
    return this.guarded(guard, `status = 'queued', run_after = @runAfter, ${ERROR_SET}, ${CLEAR_LEASE}, updated_at = @now`, {
      ...errorParams(error, now),
      runAfter,
    });
  }

  /**
   * Gives a job back unfinished (the app is quitting): due at once, and the interrupted attempt is
   * not counted. A job someone asked to cancel meanwhile ends cancelled instead.
   */
  release(guard: LeaseGuard, now: number): JobRecord | undefined {
    return this.guarded(
      guard,
      `status = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'queued' END,
       finished_at = CASE WHEN cancel_requested THEN @now ELSE NULL END,
       attempts = CASE WHEN cancel_requested THEN attempts ELSE attempts - 1 END,
       run_after = @now, ${CLEAR_LEASE}, updated_at = @now`,
      { now },
    );
  }

  /**
   * A queued job (or one whose owner died) is cancelled at once; a running one is flagged and its
   * worker aborts the handler (in-process at once, otherwise at its next heartbeat).
   */
  requestCancel(id: number, now: number): { job: JobRecord | undefined; immediate: boolean } {
    return this.write(() => {
      const row = this.statements.byId.get(id) as JobRow | undefined;
      if (!row) return { job: undefined, immediate: false };
      const ownerGone = row.status === 'running' && (row.lease_until ?? 0) < now;
      if (row.status === 'queued' || ownerGone) return { job: this.finishRow(id, 'cancelled', now, {}), immediate: true };
      if (row.status !== 'running') return { job: toRecord(row), immediate: false };
      const flagged = this.db
        .prepare(`UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ? RETURNING *`)
        .get(now, id) as JobRow;
      return { job: toRecord(flagged), immediate: false };
    });
  }

  /** Forgets ended jobs that finished before `before`; the table would otherwise grow for ever. */
  pruneFinished(before: number): number {
    return this.write(
      () =>
        this.db.prepare(`DELETE FROM jobs WHERE status IN ('succeeded', 'failed', 'cancelled') AND finished_at < ?`).run(before).changes,
    );
  }

  private finishRow(id: number, status: 'failed' | 'cancelled', now: number, extra: { error?: JobError }): JobRecord {
    const sets = [`status = @status`, CLEAR_LEASE, `finished_at = @now`, `updated_at = @now`];
    if (extra.error) sets.push(ERROR_SET);
    const params = { id, status, ...(extra.error ? errorParams(extra.error, now) : { now }) };
    return toRecord(this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = @id RETURNING *`).get(params) as JobRow);
  }

  private guarded(guard: LeaseGuard, sets: string, params: Record<string, unknown>): JobRecord | undefined {
    return this.write(() => {
      const row = this.db
        .prepare(
          `UPDATE jobs SET ${sets} WHERE id = @guardId AND status = 'running' AND lease_owner = @guardOwner AND attempts = @guardAttempt RETURNING *`,
        )
        .get({ ...params, guardId: guard.id, guardOwner: guard.owner, guardAttempt: guard.attempt }) as JobRow | undefined;
      return row && toRecord(row);
    });
  }
}

const GUARD = `id = ? AND status = 'running' AND lease_owner = ? AND attempts = ?`;
const CLEAR_LEASE = `lease_owner = NULL, lease_until = NULL`;
const ERROR_SET = `error_message = @errorMessage, error_kind = @errorKind, error_message_ref = @errorMessageRef`;

function errorParams(error: JobError, now: number): Record<string, unknown> {
  const ref = error.messageKey
    ? JSON.stringify({ key: error.messageKey, ...(error.messageParams ? { params: error.messageParams } : {}) })
    : null;
  return { errorMessage: error.message, errorKind: error.kind ?? null, errorMessageRef: ref, now };
}

/** The key and parameters of a stored error; none when the column is empty or not one (the English stays). */
function messageRefOf(text: string | null): Pick<JobError, 'messageKey' | 'messageParams'> {
  const ref = parseJson(text) as { key?: unknown; params?: unknown } | null;
  if (!ref || typeof ref !== 'object' || typeof ref.key !== 'string') return {};
  const params = WireMessageParams.safeParse(ref.params ?? {});
  if (!params.success) return {};
  return { messageKey: ref.key, ...(ref.params === undefined ? {} : { messageParams: params.data }) };
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toRecord(row: JobRow): JobRecord {
  return JobRecord.parse({
    id: row.id,
    type: row.type,
    key: row.job_key,
    dedupeKey: row.dedupe_key,
    payload: parseJson(row.payload),
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAfter: row.run_after,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    cancelRequested: row.cancel_requested !== 0,
    progress: row.progress === null ? null : parseJson(row.progress),
    result: parseJson(row.result),
    error:
      row.error_message === null
        ? null
        : { message: row.error_message, ...(row.error_kind ? { kind: row.error_kind } : {}), ...messageRefOf(row.error_message_ref) },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  });
}
