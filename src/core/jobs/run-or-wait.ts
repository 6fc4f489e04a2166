import { isTerminalJobStatus, type JobRecord } from '../../shared/jobs';
import type { JobWorker } from './job-worker';

export interface RunOrWaitOptions {
  readonly signal?: AbortSignal;
  /** Least time between two looks at a job another worker holds or an earlier job blocks. */
  readonly pollMs?: number;
}

/**
 * What a CLI command with `--wait` does (`lab-console lab launch COURSE --wait`): run the job in
 * this process unless another worker holds its lease, and in any case resolve when it has ended.
 * A retry comes back here when it is due, and a holder that dies is taken over once its lease ends.
 */
export async function runOrWait(worker: JobWorker, id: number, options: RunOrWaitOptions = {}): Promise<JobRecord> {
  const { queue, clock } = worker;
  const pollMs = options.pollMs ?? 500;
  for (;;) {
    options.signal?.throwIfAborted();
    const outcome = worker.runJob(id);
    if (outcome) await outcome;
    const job = queue.require(id);
    if (isTerminalJobStatus(job.status)) return job;

    const now = clock.now();
    const runnableIn = job.status === 'queued' ? job.runAfter - now : (job.leaseUntil ?? now) - now + 1;
    const local = new AbortController();
    const onAbort = (): void => local.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const ended = await Promise.race([
        queue.waitFor(id, { signal: local.signal }).catch(() => undefined),
        clock.sleep(Math.max(pollMs, runnableIn), local.signal).then(
          () => undefined,
          () => undefined,
        ),
      ]);
      if (ended) return ended;
    } finally {
      local.abort();
      options.signal?.removeEventListener('abort', onAbort);
    }
  }
}
