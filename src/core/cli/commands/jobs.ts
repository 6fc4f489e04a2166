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
import { CliText } from '../cli-text';

export interface JobsCommandOptions {
  /** The run's language (English when a test leaves it out). */
  readonly text?: CliText;
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

function parsePositiveInt({ t }: CliText, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(t('jobs.wholeNumber', { what }));
    return n;
  };
}

function openQueue(app: AppContext, options: JobsCommandOptions): JobQueue {
  return options.queue?.(app) ?? new JobQueue({ db: app.db, registry: new JobRegistry(), clock: app.clock, logger: app.logger });
}

export function jobsCommand(context: () => CliContext, options: JobsCommandOptions): Command {
  const text = options.text ?? new CliText('en');
  const { t } = text;
  const jobs = new Command('jobs').description(t('jobs.description'));

  jobs
    .command('list')
    .description(t('jobs.list.description'))
    .addOption(new Option('--status <status...>', t('jobs.list.status')).choices(JobStatus.options))
    .option('--limit <n>', t('jobs.list.limit'), parsePositiveInt(text, '--limit'), 50)
    .action((opts: { status?: JobStatus[]; limit: number }) => {
      const ctx = context();
      const queue = openQueue(ctx.app(), options);
      const list = queue.list({ statuses: opts.status, limit: opts.limit });
      ctx.out.result(JobList, { jobs: list }, (value) => formatTable(text, value.jobs, ctx.app().clock.now()));
    });

  jobs
    .command('work')
    .description(t('jobs.work.description'))
    .option('--follow', t('jobs.work.follow'))
    .option('--concurrency <n>', t('jobs.work.concurrency'), parsePositiveInt(text, '--concurrency'), 4)
    .action(async (opts: { follow?: boolean; concurrency: number }) => {
      const ctx = context();
      await options.beforeWork?.();
      const app = ctx.app('worker');
      const queue = openQueue(app, options);
      if (queue.types().length === 0) ctx.out.warn(t('jobs.work.noTypes'));
      const worker = queue.worker({ ...options.worker, concurrency: opts.concurrency });
      const stopBeside = options.duringWork?.(app);
      const unsubscribe = queue.on((event) => {
        const line = describeEvent(text, event);
        if (line) ctx.out.info(line);
      });
      try {
        if (opts.follow) {
          // Listening first: a signal between the first claim and the handler would end the process
          // with the claimed jobs' leases held, and nobody could start them until the leases ran out.
          const stopped = options.waitForStop(async () => {
            await worker.drain();
          });
          worker.start();
          ctx.out.info(t('jobs.work.working', { owner: worker.owner }));
          await stopped;
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
        [t('jobs.work.summary', s), s.waiting ? t('jobs.work.waiting', { count: s.waiting }) : ''].filter(Boolean).join('\n'),
      );
    });

  jobs
    .command('cancel')
    .description(t('jobs.cancel.description'))
    .argument('<id>', t('jobs.cancel.id'), parsePositiveInt(text, t('jobs.jobId')))
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
          ? t('jobs.cancel.cancelled', { id: j.id, type: j.type })
          : j.status === 'running'
            ? t('jobs.cancel.stopping', { id: j.id, type: j.type })
            : t('jobs.cancel.nothing', { id: j.id, type: j.type, status: j.status }),
      );
    });

  return jobs;
}

function describeEvent(text: CliText, event: JobEvent): string | undefined {
  const { t } = text;
  const { job } = event;
  // The job's number, type and key are identifiers: the same in every language.
  const name = `job ${job.id} ${job.type} [${job.key}]`;
  switch (event.kind) {
    case 'started':
      return t('jobs.event.started', { name, attempt: job.attempts, max: job.maxAttempts });
    case 'progress':
      if (!job.progress) return undefined;
      return job.progress.fraction !== undefined
        ? t('jobs.event.progressFraction', {
            name,
            message: job.progress.message,
            percent: text.integer(Math.round(job.progress.fraction * 100)),
          })
        : t('jobs.event.progress', { name, message: job.progress.message });
    case 'retrying':
      return t('jobs.event.retrying', { name, attempt: job.attempts, error: job.error?.message ?? t('jobs.event.unknownError') });
    case 'finished':
      return job.status === 'failed' && job.error
        ? t('jobs.event.failed', { name, status: job.status, error: job.error.message })
        : t('jobs.event.finished', { name, status: job.status });
    case 'released':
      return t('jobs.event.released', { name });
    default:
      return undefined;
  }
}

function age({ t }: CliText, ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t('jobs.list.secondsAgo', { count: s });
  if (s < 3600) return t('jobs.list.minutesAgo', { count: Math.round(s / 60) });
  if (s < 86_400) return t('jobs.list.hoursAgo', { count: Math.round(s / 3600) });
  return t('jobs.list.daysAgo', { count: Math.round(s / 86_400) });
}

function formatTable(text: CliText, jobs: readonly JobRecord[], now: number): string {
  const { t } = text;
  if (jobs.length === 0) return t('jobs.list.none');
  const rows = jobs.map((job) => [
    String(job.id),
    job.type,
    job.key,
    job.status,
    `${job.attempts}/${job.maxAttempts}`,
    age(text, now - job.updatedAt),
    job.error && job.status !== 'succeeded'
      ? `${job.error.kind ? `[${job.error.kind}] ` : ''}${job.error.message}`
      : (job.progress?.message ?? ''),
  ]);
  const header = [
    t('jobs.list.id'),
    t('jobs.list.type'),
    t('jobs.list.key'),
    t('jobs.list.statusHead'),
    t('jobs.list.tries'),
    t('jobs.list.updated'),
    t('jobs.list.detail'),
  ];
  return textTableLines(header, rows).join('\n');
}
