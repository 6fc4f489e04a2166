import { Command } from 'commander';
import * as z from 'zod';
import type { MessageRef } from '../../../shared/i18n/message';
import type { JobEvent, JobRecord } from '../../../shared/jobs';
import { LabOperationOutput, LabStatusOutput, labStateWords, type LabStatus } from '../../../shared/labs';
import { cloudProblemWords, type CloudProblem } from '../../../shared/openstack';
import { describeCost } from './lab-cost-text';
import type { JobWorkerOptions } from '../../jobs/job-worker';
import { runOrWait } from '../../jobs/run-or-wait';
import { labStateMaxAgeMs } from '../../labs/app-labs';
import { RegistryLabClouds } from '../../labs/lab-clouds';
import { SettingsLabClouds } from '../../labs/settings-lab-clouds';
import { labCloudOrderFrom } from '../../openstack/clouds-config/cloud-settings';
import type { LabJobType } from '../../labs/lab-jobs';
import { LabService } from '../../labs/lab-service';
import type { CliContext } from '../cli-context';
import { CliOperationError, CliUsageError } from '../cli-errors';
import { checkLabInput, namedClouds } from '../cli-input';
import type { CliText } from '../cli-text';
import { cliCloudRegistry } from './cloud';
import { labCheckCommand } from './lab-check';
import { labExecCommand, labSshCommand } from './lab-ssh';

const services = new WeakMap<CliContext, LabService>();

/**
 * The lab service of a CLI run: clouds as the openstack CLI sees them (--os-cloud / OS_CLOUD first),
 * then LAB_CONSOLE_LAB_CLOUDS, else the order of Settings › Clouds, for provider fallback; the
 * usage limit of Settings.
 */
export function cliLabService(ctx: CliContext, worker?: JobWorkerOptions): LabService {
  let service = services.get(ctx);
  if (!service) {
    const app = ctx.app();
    const order = (): string[] => namedClouds(ctx);
    service = new LabService({
      db: app.db,
      secrets: app.secrets,
      courses: app.courses,
      // A cloud named on the command line (--os-cloud, OS_CLOUD) goes first; otherwise the fallback
      // order and capacities of Settings › Clouds apply, as in the app.
      clouds: new SettingsLabClouds(
        new RegistryLabClouds(() => cliCloudRegistry(ctx), order, { clock: app.clock, logger: app.logger }),
        () => (ctx.cloudName ? undefined : labCloudOrderFrom(app.settings.get(), ctx.env).entries),
      ),
      usageLimit: () => app.settings.get().usageLimit,
      stateMaxAgeMs: () => labStateMaxAgeMs(app.settings.get()),
      clock: app.clock,
      logger: app.logger,
      worker,
      // A hook that failed during a suspend, resume or delete of this run: say so on stderr.
      onNotice: (notice) => {
        if (notice.kind === 'hook-failed') ctx.out.warn(notice.message);
      },
    });
    services.set(ctx, service);
  }
  return service;
}

export interface LabCommandOptions {
  readonly worker?: JobWorkerOptions;
}

export function labCommand(context: () => CliContext, text: CliText, options: LabCommandOptions = {}): Command {
  const { t } = text;
  const lab = new Command('lab').description(t('lab.description'));

  const operation = (name: string, type: LabJobType, description: string): void => {
    lab
      .command(name)
      .description(description)
      .argument('<course>', t('lab.course'))
      .option('--wait', t('lab.wait'))
      .action(async (courseId: string, opts: { wait?: boolean }) => {
        const ctx = context();
        // An unknown course or cloud fails here, before any job exists.
        await checkLabInput(ctx, courseId);
        const service = cliLabService(ctx, options.worker);
        try {
          const job = service.request(type, courseId);
          const final = await runHere(ctx, service, job, Boolean(opts.wait), options.worker);
          report(ctx, service, courseId, final);
        } finally {
          await service.stop();
        }
      });
  };
  operation('launch', 'lab.launch', t('lab.launch'));
  operation('resume', 'lab.resume', t('lab.resume'));
  operation('suspend', 'lab.suspend', t('lab.suspend'));
  operation('delete', 'lab.delete', t('lab.delete'));

  lab
    .command('status')
    .description(t('lab.status.description'))
    .argument('<course>', t('lab.courseId'))
    .option('--no-cost', t('lab.status.noCost'))
    .action(async (courseId: string, opts: { cost: boolean }) => {
      const ctx = context();
      await checkLabInput(ctx, courseId);
      const service = cliLabService(ctx);
      try {
        // What the cloud says now: an instructor may have suspended or deleted the lab meanwhile.
        await service.followCloud(courseId);
        const cost = opts.cost ? await service.cost(courseId) : null;
        const view = service.view(courseId);
        ctx.out.result(
          LabStatusOutput,
          { lab: view.lab, usage: view.usage, cloud: view.cloud, cost: cost?.cost ?? null, costProblem: cost?.problem ?? null },
          (v) =>
            [
              // Said first: the state below is then the last known one, not what the cloud says now.
              ...(v.cloud?.problem ? [describeCloudProblem(text, v.cloud.problem, v.lab)] : []),
              v.lab ? describeLab(text, v.lab) : t('lab.status.noLab', { courseId }),
              v.usage.limitHours !== null
                ? t('lab.status.hoursUsedOf', { used: text.fixed(v.usage.runningHours, 2), limit: text.number(v.usage.limitHours) })
                : t('lab.status.hoursUsed', { used: text.fixed(v.usage.runningHours, 2) }),
              ...(opts.cost ? describeCost(text, v.cost, v.costProblem) : []),
            ].join('\n'),
        );
      } finally {
        await service.stop();
      }
    });

  lab
    .command('keepalive')
    .description(t('lab.keepalive.description'))
    .argument('[course]', t('lab.courseId'))
    .action(async (courseId?: string) => {
      const ctx = context();
      await checkLabInput(ctx, courseId);
      cliLabService(ctx).policies.activity(courseId);
      ctx.out.result(z.object({ ok: z.literal(true) }), { ok: true }, () => t('lab.keepalive.pushed'));
    });

  lab
    .command('reconcile')
    .description(t('lab.reconcile.description'))
    .action(async () => {
      const ctx = context();
      await checkLabInput(ctx, undefined);
      const service = cliLabService(ctx, options.worker);
      try {
        const result = await service.reconcile();
        const worker = service.queue.worker(options.worker);
        await worker.runUntilIdle();
        await worker.drain(0);
        ctx.out.result(
          z.object({
            suspended: z.array(z.string()),
            zombies: z.array(z.string()),
            lost: z.array(z.string()),
            unreachable: z.record(z.string(), z.string()),
          }),
          result,
          (r) =>
            `${t('lab.reconcile.result', { suspended: r.suspended.length, zombies: r.zombies.length, lost: r.lost.length })}${
              Object.keys(r.unreachable).length
                ? t('lab.reconcile.unreachable', {
                    clouds: Object.entries(r.unreachable)
                      .map(([k, v]) => `${k} (${v})`)
                      .join(', '),
                  })
                : ''
            }.`,
        );
      } finally {
        await service.stop();
      }
    });

  labSshCommand(lab, context, text, (ctx) => cliLabService(ctx));
  labExecCommand(lab, context, text, (ctx) => cliLabService(ctx));
  labCheckCommand(lab, context, text, (ctx) => cliLabService(ctx));

  return lab;
}

/** Runs the job in this process unless another worker holds its lease (then only --wait waits for it). */
async function runHere(
  ctx: CliContext,
  service: LabService,
  job: JobRecord,
  wait: boolean,
  workerOptions?: JobWorkerOptions,
): Promise<JobRecord> {
  const { t } = ctx.text;
  const now = ctx.app().clock.now();
  if (!wait && job.status === 'running' && (job.leaseUntil ?? 0) > now) {
    ctx.out.info(t('lab.runningElsewhere', { id: job.id, type: job.type, owner: job.leaseOwner ?? t('lab.anotherWorker') }));
    return job;
  }
  const worker = service.queue.worker(workerOptions);
  const unsubscribe = service.queue.on((event: JobEvent) => {
    if (event.job.id === job.id && event.kind === 'progress' && event.job.progress) {
      const f = event.job.progress.fraction;
      const message = event.job.progress.message;
      ctx.out.info(
        f !== undefined
          ? t('lab.progressFraction', { percent: ctx.text.integer(Math.round(f * 100)).padStart(3), message })
          : t('lab.progress', { message }),
      );
    }
    if (event.job.id === job.id && event.kind === 'retrying') {
      // Bounded and visible: which attempt of how many, and when the next one comes; the hint of the
      // error (its later lines) comes once, with the final error.
      const nextInS = Math.max(0, Math.round((event.job.runAfter - ctx.app().clock.now()) / 1000));
      const reason = (event.job.error?.message ?? '?').split('\n')[0];
      ctx.out.info(
        t('lab.attemptFailed', { attempt: event.job.attempts, max: event.job.maxAttempts, reason: reason ?? '?', seconds: nextInS }),
      );
    }
  });
  try {
    // A lab's jobs run in order: one left queued before this one (a suspend handed back by an app
    // that quit) runs here first, or this command would wait for it forever.
    const earlier = service.queue
      .jobsOfKey(job.key, { statuses: ['queued'] })
      .filter((j) => j.id < job.id)
      .sort((a, b) => a.id - b.id);
    for (const before of earlier) {
      ctx.out.info(t('lab.runningFirst', { id: before.id, type: before.type }));
      await runOrWait(worker, before.id);
    }
    return await runOrWait(worker, job.id);
  } finally {
    unsubscribe();
    await worker.drain(0);
  }
}

function report(ctx: CliContext, service: LabService, courseId: string, job: JobRecord): void {
  // A course bundle whose template names files it may not is invalid input (exit 2), as at import.
  if (job.status === 'failed' && job.error?.kind === 'template-reference') throw new CliUsageError(job.error.message, 'invalid_input');
  // So is a cloud the configuration does not have (a name left in Settings › Lab limits).
  if (job.status === 'failed' && job.error?.kind === 'cloud_config') throw new CliUsageError(job.error.message, 'invalid_input');
  // A failure exits 1 with the job's error, which carries Heat's reason when Heat gave one.
  if (job.status === 'failed' || job.status === 'cancelled')
    throw new CliOperationError(
      job.error?.message ?? ctx.text.t('lab.jobEnded', { type: job.type, status: job.status }),
      jobErrorMessage(job),
    );
  const lab = service.view(courseId).lab;
  ctx.out.result(LabOperationOutput, { jobId: job.id, jobStatus: job.status, lab, error: null }, (v) =>
    v.lab ? describeLab(ctx.text, v.lab) : ctx.text.t('lab.jobResult', { id: v.jobId, status: v.jobStatus }),
  );
}

/** The catalogue message the job's error was composed from, to print it in the run's language. */
function jobErrorMessage(job: JobRecord): MessageRef | undefined {
  const key = job.error?.messageKey;
  // The stored key came from this app's catalogue; the CLI checks it again when it translates it.
  return key ? ({ key, ...(job.error?.messageParams ? { params: job.error.messageParams } : {}) } as MessageRef) : undefined;
}

function describeLab(text: CliText, lab: LabStatus): string {
  const { t } = text;
  // A record whose stack is gone was deleted (here, or by an instructor): say so, not "No lab".
  // The state words come from lab-words (shared with the app); Heat's own state is kept as it is.
  const words =
    lab.state === 'DELETE_COMPLETE' ? t('lab.deleted') : labStateWords({ state: lab.state, group: lab.group, ready: lab.ready }).word;
  const summary = { courseId: lab.courseId, words, stack: lab.stackName, provider: lab.provider ?? '', state: lab.state };
  const lines: string[] = [lab.provider ? t('lab.summaryOn', summary) : t('lab.summary', summary)];
  const out = lab.outputs;
  if (lab.ready && out.public_ip !== undefined)
    lines.push(
      `  ${[
        t('lab.host', { host: String(out.public_ip) }),
        ...(out.ssh_port !== undefined ? [t('lab.sshPort', { port: String(out.ssh_port) })] : []),
        ...(out.user !== undefined ? [t('lab.user', { user: String(out.user) })] : []),
      ].join(', ')}`,
    );
  if (lab.suspendBy) lines.push(`  ${t('lab.suspendsAt', { at: text.dateTime(lab.suspendBy) })}`);
  if (lab.deleteBy) lines.push(`  ${t('lab.deletedAt', { at: text.dateTime(lab.deleteBy) })}`);
  if (lab.error) lines.push(`  ${t('lab.error', { error: lab.error })}`);
  return lines.join('\n');
}

/** The cloud's trouble as this run saw it: the learner's sentence, then the detail. */
function describeCloudProblem({ t }: CliText, problem: CloudProblem, lab: LabStatus | null): string {
  const words = cloudProblemWords(problem, Date.now());
  const lastKnown = lab ? t('lab.lastKnown', { words: labStateWords({ state: lab.state, group: lab.group, ready: lab.ready }).word }) : '';
  return [
    `${words.headline}${lastKnown}.`,
    `  ${words.advice}`,
    `  ${t('lab.detail', { detail: problem.detail.replace(/\n/g, '\n    ') })}`,
  ].join('\n');
}
