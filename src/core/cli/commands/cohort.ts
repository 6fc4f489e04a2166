import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import * as z from 'zod';
import { CohortActOutput, CohortListing, ReapReport, type CohortAction, type CohortLab } from '../../../shared/cohort/cohort-lab';
import { EnrolOutput } from '../../../shared/cohort/enrolment';
import { parseDuration } from '../../../shared/course/duration';
import type { Timeouts } from '../../../shared/course/course-manifest';
import { cohortCsv } from '../../../shared/cohort/cohort-csv';
import { CohortReport } from '../../../shared/cohort/cohort-report';
import { monthBounds, monthOf } from '../../../shared/labs/lab-rates';
import { cohortReport, cohortReportCsv } from '../../cohort/cohort-report';
import { reportText } from './cohort-report-text';
import { humanTable } from './cohort-list-text';
import { storedCohortLocal, type CohortLocal } from '../../cohort/cohort-local';
import { ReaperBusyError } from '../../cohort/cohort-errors';
import type { CohortSelector } from '../../cohort/cohort-projects';
import { CohortService } from '../../cohort/cohort-service';
import { instructorSelector } from '../../cohort/instructor-cohort';
import { instructorCloudName } from '../../cohort/instructor-cloud-name';
import { readLearnerCsv, writeEnrolments, LearnerCsvError } from '../../cohort/enrolment-writer';
import { selectLabs } from '../../cohort/lab-selection';
import { reapLockPath } from '../../cohort/reap-lock';
import { reap } from '../../cohort/reaper';
import { DEFAULT_FAILED_GRACE_SECONDS, type ReapPolicy } from '../../cohort/reap-policy';
import { connect } from '../../openstack/openstack-client';
import type { CliContext } from '../cli-context';
import { CliOperationError, CliUsageError } from '../cli-errors';
import { requireCourseId, requireKnownCloud } from '../cli-input';
import { cliServices } from '../cli-services';
import type { CliServices } from '../cli-run-context';
import type { InstructorSetting } from '../../../shared/contract';
import type { CohortHeadStart } from './cohort-head-start';
import { drop, matches, sameDataFolder } from './login-head-start';
import type { CliText } from '../cli-text';

interface CohortOptions {
  course: string;
  cohort?: string;
  projects?: string;
  concurrency?: string;
}

/**
 * The cohort as Settings › Instructor sets it (cloud, cohort tag, project pattern), each overridden
 * by its flag: --os-cloud (or OS_CLOUD, LAB_CONSOLE_INSTRUCTOR_CLOUD), --cohort, --projects.
 * Keystone and Heat are asked first; the store (SQLite, its schema on a new machine, the course
 * library) opens once the listings are out, while Heat works (CohortService's `local`).
 * `headStart`: the login the start-up snapshot sent before the program was built, taken over when
 * it is on this cloud from this data folder, else closed unused.
 */
async function withCohort<T>(
  ctx: CliContext,
  options: CohortOptions,
  work: (cohort: CohortService, selector: CohortSelector) => Promise<T>,
  headStart?: CohortHeadStart,
): Promise<T> {
  let early: CohortHeadStart | undefined;
  let services: CliServices;
  let instructor: InstructorSetting | undefined;
  let concurrency: number | undefined;
  let cloudName: string | undefined;
  try {
    requireCourseId(ctx, options.course);
    const verbose = Boolean(ctx.globals.verbose);
    services = cliServices(ctx, headStart && sameDataFolder(headStart, ctx.homeDir, verbose) ? headStart.services : undefined);
    instructor = services.settings.get().instructor;
    concurrency = options.concurrency ? Number(options.concurrency) : instructor?.concurrency;
    if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)) {
      throw new CliUsageError(ctx.text.t('cohort.concurrencyRange'));
    }
    cloudName = ctx.cloudName ?? instructorCloudName(instructor, ctx.env);
    early = headStart && matches(headStart, { homeDir: ctx.homeDir, cloudName, regionName: undefined, verbose }) ? headStart : undefined;
  } finally {
    if (headStart && !early) void drop(headStart);
  }
  // A head start that could not resolve its cloud rejects with the error the command's own would throw.
  const { connection, login } = early
    ? await early.started
    : { connection: await connect(await requireKnownCloud(ctx, cloudName), { logger: services.logger }), login: undefined };
  try {
    // A refused login is the command's error, as its first request would have met it: not sent twice.
    await login;
    const local = (): CohortLocal => {
      const app = ctx.app();
      return storedCohortLocal({ courses: app.courses, db: app.db, clock: app.clock, logger: app.logger });
    };
    const cohort = new CohortService({ connection, logger: services.logger, concurrency, local });
    const selector = instructorSelector(
      options.projects ? { ...instructor, projectPattern: options.projects } : instructor,
      options.cohort,
    );
    return await work(cohort, selector);
  } finally {
    // The process's exit closes the idle connections as well, without delaying it (RunCliOptions.endsProcess).
    if (!ctx.endsProcess) await connection.close();
  }
}

function withCommonOptions({ t }: CliText, command: Command): Command {
  return command
    .requiredOption('--course <id>', t('cohort.options.course'))
    .option('--cohort <name>', t('cohort.options.cohort'))
    .option('--projects <regex>', t('cohort.options.projects'))
    .option('--concurrency <n>', t('cohort.options.concurrency'));
}

/**
 * The reaper reads sessions from Heat, which knows nothing of the extensions a learner took in their
 * app: it allows the longest session the course's extensions could make.
 */
function longestSession(timeouts: Timeouts | undefined): number | null {
  if (!timeouts?.max_session) return null;
  return timeouts.max_session + timeouts.max_extensions * timeouts.extension;
}

/** Delete needs --yes, or the course id typed on a terminal. */
async function confirmDelete(
  ctx: CliContext,
  courseId: string,
  labs: readonly { summary: { name: string } }[],
  yes: boolean,
): Promise<void> {
  if (yes) return;
  const { t } = ctx.text;
  if (!process.stdin.isTTY) throw new CliUsageError(t('cohort.bulk.needsYes', { count: labs.length }));
  ctx.streams.stderr(`${t('cohort.bulk.aboutToDelete', { count: labs.length })}\n${labs.map((l) => `  ${l.summary.name}`).join('\n')}\n`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(t('cohort.bulk.typeCourseId', { courseId }));
    if (answer.trim() !== courseId) throw new CliOperationError(t('cohort.bulk.notConfirmed'));
  } finally {
    rl.close();
  }
}

function bulkCommand(context: () => CliContext, text: CliText, action: CohortAction): Command {
  const { t } = text;
  const descriptions: Record<CohortAction, string> = {
    suspend: t('cohort.bulk.suspend'),
    resume: t('cohort.bulk.resume'),
    delete: t('cohort.bulk.delete'),
  };
  return withCommonOptions(text, new Command(action).description(descriptions[action]))
    .option('--learner <who...>', t('cohort.bulk.learner'))
    .option('--state <state...>', t('cohort.bulk.state'))
    .option('--all', t('cohort.bulk.all'))
    .option('--yes', t('cohort.bulk.yes'))
    .action(async (options: CohortOptions & { learner?: string[]; state?: string[]; all?: boolean; yes?: boolean }) => {
      const ctx = context();
      if (!options.all && !options.learner?.length && !options.state?.length) {
        throw new CliUsageError(t('cohort.bulk.sayWhich'));
      }
      const output = await withCohort(ctx, options, async (cohort, selector) => {
        const scan = await cohort.scan(options.course, selector, { events: true });
        const labs = selectLabs(scan.labs, { learners: options.learner, states: options.state, all: options.all });
        if (!labs.length) return { action, results: [] };
        if (action === 'delete') await confirmDelete(ctx, options.course, labs, options.yes ?? false);
        const results = await cohort.act(action, labs, (r, done, total) =>
          ctx.out.info(t('cohort.bulk.progress', { done, total, stack: r.stackName, outcome: r.outcome, message: r.message })),
        );
        return { action, results };
      });
      ctx.out.result(CohortActOutput, output, (o) => {
        const count = (k: string) => o.results.filter((r) => r.outcome === k).length;
        return o.results.length
          ? t('cohort.bulk.result', { action, done: count('done'), skipped: count('skipped'), failed: count('failed') })
          : t('cohort.bulk.noMatch');
      });
      if (output.results.some((r) => r.outcome === 'failed')) throw new CliOperationError(t('cohort.bulk.someFailed', { action }));
    });
}

function seconds({ t }: CliText, flag: string, value: string | undefined, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  if (value === 'none') return null;
  const parsed = parseDuration(value);
  if (parsed === undefined) throw new CliUsageError(t('cohort.reap.notDuration', { flag, value }));
  return parsed;
}

/**
 * `lab-console cohort …`: the instructor's view of every lab of a course.
 * `headStart`: the login of a `cohort list` or `cohort export` the start-up snapshot sent before the program was built.
 */
export function cohortCommand(context: () => CliContext, text: CliText, headStart?: CohortHeadStart): Command {
  const { t } = text;
  const cohort = new Command('cohort').description(t('cohort.description'));

  withCommonOptions(text, cohort.command('list').description(t('cohort.list.description')))
    .option('--scores', t('cohort.list.scores'))
    .action(async (options: CohortOptions & { scores?: boolean }) => {
      const ctx = context();
      await withCohort(
        ctx,
        options,
        async (c, selector) => {
          const listing = await c.list(options.course, selector, undefined, {
            checks: options.scores ?? false,
            // The early listing (every lab's state, before its events are read) goes through the output's
            // check while Heat answers the events: the check's code is compiled then, not after the last answer.
            onStates: (early) => void CohortListing.safeParse(early),
          });
          // Shown before the connections are let go: the user has the listing first.
          ctx.out.result(CohortListing, listing, (l) => humanTable(text, l));
        },
        headStart,
      );
    });

  for (const action of ['suspend', 'resume', 'delete'] as const) cohort.addCommand(bulkCommand(context, text, action));

  withCommonOptions(text, cohort.command('export').description(t('cohort.export.description')))
    .requiredOption('--csv <file>', t('cohort.export.csv'))
    .action(async (options: CohortOptions & { csv: string }) => {
      const ctx = context();
      const listing = await withCohort(ctx, options, (c, selector) => c.list(options.course, selector), headStart);
      writeFileSync(options.csv, cohortCsv(listing.labs));
      ctx.out.result(z.object({ file: z.string(), labs: z.number() }), { file: options.csv, labs: listing.labs.length }, (r) =>
        t('cohort.export.wrote', { labs: r.labs, file: r.file }),
      );
    });

  withCommonOptions(text, cohort.command('report').description(t('cohort.report.description')))
    .option('--month <YYYY-MM>', t('cohort.report.month'))
    .option('--csv [file]', t('cohort.report.csv'))
    .option('--scores', t('cohort.report.scores'))
    .action(async (options: CohortOptions & { month?: string; csv?: string | boolean; scores?: boolean }) => {
      const ctx = context();
      const month = options.month ?? monthOf(ctx.app().clock.now());
      if (!monthBounds(month)) throw new CliUsageError(t('cohort.report.badMonth', { month }));
      const listing = await withCohort(ctx, options, (c, selector) =>
        c.list(options.course, selector, undefined, { month, checks: options.scores ?? false }),
      );
      const report = cohortReport(listing, month);
      if (options.csv === true) {
        ctx.streams.stdout(cohortReportCsv(report));
        return;
      }
      if (typeof options.csv === 'string') writeFileSync(options.csv, cohortReportCsv(report));
      ctx.out.result(CohortReport, report, (r) => reportText(text, r));
    });

  withCommonOptions(text, cohort.command('reap').description(t('cohort.reap.description')))
    .option('--dry-run', t('cohort.reap.dryRun'))
    .option('--max-session <duration>', t('cohort.reap.maxSession'))
    .option('--delete-age <duration>', t('cohort.reap.deleteAge'))
    .option('--failed-grace <duration>', t('cohort.reap.failedGrace'))
    .addHelpText('after', `\n${t('cohort.reap.after')}`)
    .action(async (options: CohortOptions & { dryRun?: boolean; maxSession?: string; deleteAge?: string; failedGrace?: string }) => {
      const ctx = context();
      requireCourseId(ctx, options.course);
      const timeouts = courseTimeouts(ctx, options.course);
      const policy: ReapPolicy = {
        maxSessionSeconds: seconds(text, '--max-session', options.maxSession, longestSession(timeouts)),
        deleteAgeSeconds: seconds(text, '--delete-age', options.deleteAge, timeouts?.delete_age ?? null),
        failedGraceSeconds: seconds(text, '--failed-grace', options.failedGrace, DEFAULT_FAILED_GRACE_SECONDS),
      };
      if (!timeouts && options.maxSession === undefined && options.deleteAge === undefined) {
        ctx.out.warn(t('cohort.reap.notInLibrary', { courseId: options.course }));
      }
      let report;
      try {
        report = await withCohort(ctx, options, (c, selector) =>
          reap(c, {
            courseId: options.course,
            selector,
            policy,
            dryRun: options.dryRun ?? false,
            lockFile: reapLockPath(ctx.app().home.root, options.course),
            logger: ctx.app().logger,
            onDecision: (d) => {
              const decision = { action: d.action, stack: d.stackName, learner: d.learner, reason: d.reason };
              ctx.out.info(
                `${options.dryRun ? t('cohort.reap.wouldDecision', decision) : t('cohort.reap.decision', decision)}${
                  d.detail ? t('cohort.reap.outcome', { outcome: d.outcome, detail: d.detail }) : ''
                }`,
              );
            },
          }),
        );
      } catch (error) {
        if (error instanceof ReaperBusyError) throw new CliOperationError(error.message);
        throw error;
      }
      ctx.out.result(ReapReport, report, (r) => {
        const acting = r.decisions.filter((d) => d.action !== 'keep');
        const counts = { acting: acting.length, total: r.decisions.length };
        return [
          r.dryRun ? t('cohort.reap.dryRunResult', counts) : t('cohort.reap.result', counts),
          ...r.problems.map((p) => t('cohort.list.problem', { project: p.project, message: p.message })),
        ].join('\n');
      });
      if (report.decisions.some((d) => d.outcome === 'failed')) throw new CliOperationError(t('cohort.reap.someFailed'));
    });

  cohort
    .command('enrol')
    .description(t('cohort.enrol.description'))
    .requiredOption('--learners <file.csv>', t('cohort.enrol.learners'))
    .requiredOption('--course <id>', t('cohort.enrol.course'))
    .option('--bundle <path-or-url>', t('cohort.enrol.bundle'))
    .option('--cohort <name>', t('cohort.enrol.cohort'))
    .option('--out <dir>', t('cohort.enrol.out'), '.')
    .action(async (options: { learners: string; course: string; bundle?: string; cohort?: string; out: string }) => {
      const ctx = context();
      requireCourseId(ctx, options.course);
      const cloud = await requireKnownCloud(ctx, ctx.cloudName);
      let rows;
      try {
        rows = readLearnerCsv(options.learners);
      } catch (error) {
        if (error instanceof LearnerCsvError) throw new CliUsageError(error.message, 'invalid_input');
        throw error;
      }
      const files = writeEnrolments(rows, {
        cloud,
        courseId: options.course,
        bundle: options.bundle,
        cohort: options.cohort,
        dir: options.out,
      });
      ctx.out.result(EnrolOutput, { files }, (o) =>
        o.files.map((f) => t('cohort.enrol.wrote', { learner: f.learner, file: f.file })).join('\n'),
      );
    });

  return cohort;
}

function courseTimeouts(ctx: CliContext, courseId: string) {
  try {
    return ctx.app().courses.manifest(courseId).lab?.timeouts;
  } catch {
    return undefined;
  }
}

export type { CohortLab };
