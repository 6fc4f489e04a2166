import { Command, InvalidArgumentError, Option } from 'commander';
import { JobList, JobRecord, JobStatus, JobWorkSummary, type JobEvent } from '../../../shared/jobs';
import type { AppContext } from '../../app/app-context';
import { JobNotFoundError } from '../../jobs/job-errors';
import { JobQueue } from '../../jobs/job-queue';
import { JobRegistry } from '../../jobs/job-registry';
import type { JobWorkerOptions } from '../../jobs/job-worker';
import { CliOperationError } from '../cli-errors';
import { textTableLines } from '../text-table';
import type { CliContext } from '../cli-context';

export interface JobsCommandOptions {
  /** How `jobs work --follow` waits for its end (SIGINT/SIGTERM in the binary). */
  readonly waitForStop: (stop: () => Promise<void>) => Promise<void>;
  /** The queue with the job types this process can run (the lab service's); by default one that runs none. */
  readonly queue?: (app: AppContext) => JobQueue;
  /** Lease, heartbeat and poll timings (tests shorten them). */
  readonly worker?: JobWorkerOptions;
  /** Checked before `jobs work` runs anything (the clouds it names); throws to refuse. */
  readonly beforeWork?: () => Promise<void>;
  /** Runs beside `jobs work` (the lab policies); returns how to stop it. */
  readonly duringWork?: (app: AppContext) => () => void;
}

function parsePositiveInt(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} is a whole number of at least 1.`);
    return n;
  };
}

function openQueue(app: AppContext, options: JobsCommandOptions): JobQueue {
  return options.queue?.(app) ?? new JobQueue({ db: app.db, registry: new JobRegistry(), clock: app.clock, logger: app.logger });
}

export function jobsCommand(context: () => CliContext, options: JobsCommandOptions): Command {
  const jobs = new Command('jobs').description('Look at and run the queue of lab operations (launch, suspend, resume, delete).');

  jobs
    .command('list')
    .description('List recent jobs, newest first.')
    .addOption(new Option('--status <status...>', 'only jobs in these states').choices(JobStatus.options))
    .option('--limit <n>', 'at most this many jobs', parsePositiveInt('--limit'), 50)
    .action((opts: { status?: JobStatus[]; limit: number }) => {
      const ctx = context();
      const queue = openQueue(ctx.app(), options);
      const list = queue.list({ statuses: opts.status, limit: opts.limit });
      ctx.out.result(JobList, { jobs: list }, (value) => formatTable(value.jobs, ctx.app().clock.now()));
    });

  jobs
    .command('work')
    .description('Run queued jobs in the foreground: until none is due (default), or until Ctrl+C with --follow.')
    .option('--follow', 'keep running and pick up new jobs until stopped; Ctrl+C lets running jobs stop and hands back the rest')
    .option('--concurrency <n>', 'jobs at once (one per lab at most)', parsePositiveInt('--concurrency'), 4)
    .action(async (opts: { follow?: boolean; concurrency: number }) => {
      const ctx = context();
      await options.beforeWork?.();
      const app = ctx.app('worker');
      const queue = openQueue(app, options);
      if (queue.types().length === 0) ctx.out.warn('this build has no job types to run yet.');
      const worker = queue.worker({ ...options.worker, concurrency: opts.concurrency });
      const stopBeside = options.duringWork?.(app);
      const unsubscribe = queue.on((event) => {
        const line = describeEvent(event);
        if (line) ctx.out.info(line);
      });
      try {
        if (opts.follow) {
          worker.start();
          ctx.out.info(`Working as ${worker.owner}. Press Ctrl+C to stop.`);
          await options.waitForStop(async () => {
            await worker.drain();
          });
        } else {
          await worker.runUntilIdle();
          await worker.drain(0);
        }
      } finally {
        unsubscribe();
        stopBeside?.();
      }
      const summary = {
        owner: worker.owner,
        succeeded: worker.counts.succeeded,
        failed: worker.counts.failed,
        retried: worker.counts.retrying,
        cancelled: worker.counts.cancelled,
        released: worker.counts.released,
        waiting: queue.countWaiting(),
      };
      ctx.out.result(JobWorkSummary, summary, (s) =>
        [
          `${s.succeeded} succeeded, ${s.failed} failed, ${s.retried} to retry, ${s.cancelled} cancelled, ${s.released} handed back.`,
          s.waiting ? `${s.waiting} job(s) wait for a retry: run \`lab-console jobs work --follow\` to wait for them.` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });

  jobs
    .command('cancel')
    .description('Cancel a job: a queued one at once; a running one stops at its next safe point.')
    .argument('<id>', 'job number (see `lab-console jobs list`)', parsePositiveInt('the job id'))
    .action((id: number) => {
      const ctx = context();
      const queue = openQueue(ctx.app(), options);
      let job: JobRecord;
      try {
        job = queue.cancel(id);
      } catch (error) {
        if (error instanceof JobNotFoundError) throw new CliOperationError(error.message);
        throw error;
      }
      ctx.out.result(JobRecord, job, (j) =>
        j.status === 'cancelled'
          ? `Job ${j.id} (${j.type}) is cancelled.`
          : j.status === 'running'
            ? `Job ${j.id} (${j.type}) is running: it was asked to stop and ends as cancelled when it does.`
            : `Job ${j.id} (${j.type}) already ${j.status}; nothing to cancel.`,
      );
    });

  return jobs;
}

function describeEvent(event: JobEvent): string | undefined {
  const { job } = event;
  const name = `job ${job.id} ${job.type} [${job.key}]`;
  switch (event.kind) {
    case 'started':
      return `${name}: started (attempt ${job.attempts} of ${job.maxAttempts})`;
    case 'progress':
      return job.progress
        ? `${name}: ${job.progress.message}${job.progress.fraction !== undefined ? ` (${Math.round(job.progress.fraction * 100)} %)` : ''}`
        : undefined;
    case 'retrying':
      return `${name}: attempt ${job.attempts} failed (${job.error?.message ?? 'unknown error'}); retrying`;
    case 'finished':
      return `${name}: ${job.status}${job.status === 'failed' && job.error ? `: ${job.error.message}` : ''}`;
    case 'released':
      return `${name}: handed back unfinished; it resumes at the next start`;
    default:
      return undefined;
  }
}

function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86_400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

function formatTable(jobs: readonly JobRecord[], now: number): string {
  if (jobs.length === 0) return 'No jobs.';
  const rows = jobs.map((job) => [
    String(job.id),
    job.type,
    job.key,
    job.status,
    `${job.attempts}/${job.maxAttempts}`,
    age(now - job.updatedAt),
    job.error && job.status !== 'succeeded'
      ? `${job.error.kind ? `[${job.error.kind}] ` : ''}${job.error.message}`
      : (job.progress?.message ?? ''),
  ]);
  const header = ['ID', 'TYPE', 'KEY', 'STATUS', 'TRIES', 'UPDATED', 'DETAIL'];
  return textTableLines(header, rows).join('\n');
}
