import { Command } from 'commander';
import { z } from 'zod';
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

export function labCommand(context: () => CliContext, options: LabCommandOptions = {}): Command {
  const lab = new Command('lab').description(
    'Launch, suspend, resume and delete the lab of a course (one per cloud user); ssh into it, run commands and progress checks.',
  );

  const operation = (name: string, type: LabJobType, description: string): void => {
    lab
      .command(name)
      .description(description)
      .argument('<course>', 'course id (see `lab-console course list`)')
      .option('--wait', 'wait for the end even when another worker runs it; exit 0 when done, 1 when failed')
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
  operation('launch', 'lab.launch', 'Launch the lab (or resume it when suspended) and wait until it answers.');
  operation('resume', 'lab.resume', 'Resume a suspended lab and wait until it answers.');
  operation('suspend', 'lab.suspend', 'Suspend the lab (it keeps its disks; it costs less while suspended).');
  operation('delete', 'lab.delete', 'Delete the lab and everything in it.');

  lab
    .command('status')
    .description('Show the lab of a course as the records know it, your lab hours, and what the lab cost this month (asks the cloud).')
    .argument('<course>', 'course id')
    .option('--no-cost', "only the local records: do not ask the cloud for the lab's cost")
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
              ...(v.cloud?.problem ? [describeCloudProblem(v.cloud.problem, v.lab)] : []),
              v.lab ? describeLab(v.lab) : `No lab for ${courseId} yet: run \`lab-console lab launch ${courseId}\`.`,
              `Lab hours used: ${v.usage.runningHours.toFixed(2)}${v.usage.limitHours !== null ? ` of ${v.usage.limitHours}` : ''}`,
              ...(opts.cost ? describeCost(v.cost, v.costProblem) : []),
            ].join('\n'),
        );
      } finally {
        await service.stop();
      }
    });

  lab
    .command('keepalive')
    .description('Count as activity: push the idle-suspend deadline of the running labs (of one course, if given).')
    .argument('[course]', 'course id')
    .action(async (courseId?: string) => {
      const ctx = context();
      await checkLabInput(ctx, courseId);
      cliLabService(ctx).policies.activity(courseId);
      ctx.out.result(z.object({ ok: z.literal(true) }), { ok: true }, () => 'Idle deadline pushed.');
    });

  lab
    .command('reconcile')
    .description('Make the records agree with the cloud: suspend labs past their idle deadline, delete leftover stacks, mark lost ones.')
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
            `${r.suspended.length} suspended, ${r.zombies.length} leftover stacks deleted, ${r.lost.length} lost labs marked${
              Object.keys(r.unreachable).length
                ? `; unreachable: ${Object.entries(r.unreachable)
                    .map(([k, v]) => `${k} (${v})`)
                    .join(', ')}`
                : ''
            }.`,
        );
      } finally {
        await service.stop();
      }
    });

  labSshCommand(lab, context, (ctx) => cliLabService(ctx));
  labExecCommand(lab, context, (ctx) => cliLabService(ctx));
  labCheckCommand(lab, context, (ctx) => cliLabService(ctx));

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
  const now = ctx.app().clock.now();
  if (!wait && job.status === 'running' && (job.leaseUntil ?? 0) > now) {
    ctx.out.info(`Job ${job.id} (${job.type}) is running on ${job.leaseOwner ?? 'another worker'}; pass --wait to wait for it.`);
    return job;
  }
  const worker = service.queue.worker(workerOptions);
  const unsubscribe = service.queue.on((event: JobEvent) => {
    if (event.job.id === job.id && event.kind === 'progress' && event.job.progress) {
      const f = event.job.progress.fraction;
      ctx.out.info(`${f !== undefined ? `[${String(Math.round(f * 100)).padStart(3)} %] ` : ''}${event.job.progress.message}`);
    }
    if (event.job.id === job.id && event.kind === 'retrying') {
      // Bounded and visible: which attempt of how many, and when the next one comes; the hint of the
      // error (its later lines) comes once, with the final error.
      const nextInS = Math.max(0, Math.round((event.job.runAfter - ctx.app().clock.now()) / 1000));
      const reason = (event.job.error?.message ?? '?').split('\n')[0];
      ctx.out.info(`attempt ${event.job.attempts} of ${event.job.maxAttempts} failed: ${reason}; next try in ${nextInS} s`);
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
      ctx.out.info(`Running job ${before.id} (${before.type}) first, queued before this one.`);
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
    throw new CliOperationError(job.error?.message ?? `The ${job.type} job was ${job.status}.`);
  const lab = service.view(courseId).lab;
  ctx.out.result(LabOperationOutput, { jobId: job.id, jobStatus: job.status, lab, error: null }, (v) =>
    v.lab ? describeLab(v.lab) : `Job ${v.jobId}: ${v.jobStatus}.`,
  );
}

function describeLab(lab: LabStatus): string {
  // A record whose stack is gone was deleted (here, or by an instructor): say so, not "No lab".
  const words = lab.state === 'DELETE_COMPLETE' ? 'Deleted' : labStateWords({ state: lab.state, group: lab.group, ready: lab.ready }).word;
  const lines = [
    `${lab.courseId}: ${words} — stack ${lab.stackName}${lab.provider ? ` on ${lab.provider}` : ''} (Heat state ${lab.state})`,
  ];
  const out = lab.outputs;
  if (lab.ready && out.public_ip !== undefined)
    lines.push(
      `  host ${String(out.public_ip)}${out.ssh_port !== undefined ? `, ssh port ${String(out.ssh_port)}` : ''}${out.user !== undefined ? `, user ${String(out.user)}` : ''}`,
    );
  if (lab.suspendBy) lines.push(`  suspends when idle at ${new Date(lab.suspendBy).toISOString()}`);
  if (lab.deleteBy) lines.push(`  deleted at ${new Date(lab.deleteBy).toISOString()} unless resumed`);
  if (lab.error) lines.push(`  error: ${lab.error}`);
  return lines.join('\n');
}

/** The cloud's trouble as this run saw it: the learner's sentence, then the detail. */
function describeCloudProblem(problem: CloudProblem, lab: LabStatus | null): string {
  const words = cloudProblemWords(problem, Date.now());
  const lastKnown = lab ? ` (last known: ${labStateWords({ state: lab.state, group: lab.group, ready: lab.ready }).word})` : '';
  return [`${words.headline}${lastKnown}.`, `  ${words.advice}`, `  detail: ${problem.detail.replace(/\n/g, '\n    ')}`].join('\n');
}
