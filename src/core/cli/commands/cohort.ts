import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { z } from 'zod';
import { CohortActOutput, CohortListing, ReapReport, type CohortAction, type CohortLab } from '../../../shared/cohort/cohort-lab';
import { EnrolOutput } from '../../../shared/cohort/enrolment';
import { formatUptime } from '../../../shared/cohort/uptime-format';
import { labStateWords } from '../../../shared/labs/lab-words';
import { parseDuration } from '../../../shared/course/duration';
import type { Timeouts } from '../../../shared/course/course-manifest';
import { cohortCsv } from '../../../shared/cohort/cohort-csv';
import { CohortReport } from '../../../shared/cohort/cohort-report';
import { monthBounds, monthOf } from '../../../shared/labs/lab-rates';
import { cohortReport, cohortReportCsv } from '../../cohort/cohort-report';
import { reportText } from './cohort-report-text';
import { cohortCheckDeps } from '../../cohort/cohort-checks';
import { ReaperBusyError } from '../../cohort/cohort-errors';
import type { CohortSelector } from '../../cohort/cohort-projects';
import { CohortService } from '../../cohort/cohort-service';
import { instructorCloudName, instructorSelector } from '../../cohort/instructor-cohort';
import { readLearnerCsv, writeEnrolments, LearnerCsvError } from '../../cohort/enrolment-writer';
import { SqliteStackEventCache } from '../../cohort/stack-event-cache';
import { SqliteLabActivityCache } from '../../cohort/lab-activity-cache';
import { selectLabs } from '../../cohort/lab-selection';
import { reapLockPath } from '../../cohort/reap-lock';
import { reap } from '../../cohort/reaper';
import { DEFAULT_FAILED_GRACE_SECONDS, type ReapPolicy } from '../../cohort/reap-policy';
import { connect, type OpenStackConnection } from '../../openstack/openstack-client';
import type { CliContext } from '../cli-context';
import { CliOperationError, CliUsageError } from '../cli-errors';
import { requireCourseId, requireKnownCloud } from '../cli-input';
import { textTableLines } from '../text-table';

interface CohortOptions {
  course: string;
  cohort?: string;
  projects?: string;
  concurrency?: string;
}

/**
 * The cohort as Settings › Instructor sets it (cloud, cohort tag, project pattern), each overridden
 * by its flag: --os-cloud (or OS_CLOUD, LAB_CONSOLE_INSTRUCTOR_CLOUD), --cohort, --projects.
 */
async function withCohort<T>(
  ctx: CliContext,
  options: CohortOptions,
  work: (cohort: CohortService, selector: CohortSelector) => Promise<T>,
): Promise<T> {
  requireCourseId(options.course);
  const instructor = ctx.app().settings.get().instructor;
  const cloud = await requireKnownCloud(ctx, ctx.cloudName ?? instructorCloudName(instructor, ctx.env));
  const connection: OpenStackConnection = await connect(cloud, { logger: ctx.app().logger });
  try {
    const concurrency = options.concurrency ? Number(options.concurrency) : instructor?.concurrency;
    if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)) {
      throw new CliUsageError('--concurrency takes a whole number from 1 to 64');
    }
    const app = ctx.app();
    const checks = cohortCheckDeps({ courses: app.courses, db: app.db, clock: app.clock, logger: app.logger });
    const eventCache = new SqliteStackEventCache(app.db, () => app.clock.now());
    const activityCache = new SqliteLabActivityCache(app.db, () => app.clock.now());
    const cohort = new CohortService({ connection, logger: app.logger, concurrency, checks, eventCache, activityCache });
    const selector = instructorSelector(
      options.projects ? { ...instructor, projectPattern: options.projects } : instructor,
      options.cohort,
    );
    return await work(cohort, selector);
  } finally {
    await connection.close();
  }
}

function withCommonOptions(command: Command): Command {
  return command
    .requiredOption('--course <id>', 'course id (labs carry the tag lc-course=<id>)')
    .option('--cohort <name>', 'only learner projects tagged lc-cohort=<name> (default: Settings › Instructor)')
    .option('--projects <regex>', 'only learner projects whose name matches (default: Settings › Instructor)')
    .option('--concurrency <n>', 'requests in flight at once, 1 to 64 (default: Settings › Instructor, else 8)');
}

function scoreCell(lab: CohortLab): string {
  const d = lab.scoreDetail;
  if (d && d.total > 0 && lab.score !== null) return `${d.passed}/${d.total} (${Math.round(lab.score * 100)}%)`;
  if (d?.error) return 'not checked';
  return lab.score === null ? '—' : `${Math.round(lab.score * 100)}%`;
}

/**
 * The reaper reads sessions from Heat, which knows nothing of the extensions a learner took in their
 * app: it allows the longest session the course's extensions could make.
 */
function longestSession(timeouts: Timeouts | undefined): number | null {
  if (!timeouts?.max_session) return null;
  return timeouts.max_session + timeouts.max_extensions * timeouts.extension;
}

/** ✓ done by the learner, ✗ not yet, ~ done by the course's solve script. */
function stepMark(step: NonNullable<CohortLab['scoreDetail']>['steps'][number]): string {
  if (step.solved) return '~';
  return step.passed === step.total ? '✓' : '✗';
}

/** Per lab, per step: what `--scores` adds under the table. */
function scoreLines(listing: CohortListing): string[] {
  const checked = listing.labs.filter((l) => l.scoreDetail);
  if (!checked.length) return [];
  return [
    '',
    'Progress checks:',
    ...checked.flatMap((l) => [
      `  ${l.learner}: ${l.scoreDetail!.error ? `not checked — ${l.scoreDetail!.error}` : `${l.scoreDetail!.passed}/${l.scoreDetail!.total} passed`}`,
      ...l.scoreDetail!.steps.map(
        (s) => `    ${stepMark(s)} ${s.stepId}: ${s.passed}/${s.total}${s.solved ? ' solved (by its solve script)' : ''}`,
      ),
    ]),
  ];
}

function humanTable(listing: CohortListing): string {
  if (!listing.labs.length) return `No lab of course ${listing.courseId} in ${listing.projects} project(s) of cloud ${listing.cloud}.`;
  // States in words (Running, Suspended, Failed); Heat's own (CREATE_COMPLETE) is in --json and export.
  const rows = listing.labs.map((l) => [
    l.learner,
    labStateWords({ state: l.state, group: l.group }).word,
    l.since ?? '—',
    formatUptime(l.uptimeWeekSeconds),
    l.lastActivity ?? '—',
    l.costMonth === null ? '—' : l.costMonth.toFixed(2),
    scoreCell(l),
  ]);
  const head = [
    'LEARNER',
    'STATE',
    'SINCE',
    'UP THIS WEEK',
    'LAST ACTIVITY',
    `COST/MONTH${listing.totals.currency ? ` (${listing.totals.currency})` : ''}`,
    'SCORE',
  ];
  const t = listing.totals;
  return [
    ...textTableLines(head, rows),
    '',
    `${t.labs} labs in ${listing.projects} projects: ${t.running} running, ${t.suspended} suspended, ${t.failed} failed, ${t.pending} pending` +
      (t.costMonth !== null ? `; cost this month ${t.costMonth.toFixed(2)} ${t.currency}` : ''),
    ...listing.problems.map((p) => `problem in ${p.project}: ${p.message}`),
    ...scoreLines(listing),
  ].join('\n');
}

/** Delete needs --yes, or the course id typed on a terminal. */
async function confirmDelete(
  ctx: CliContext,
  courseId: string,
  labs: readonly { summary: { name: string } }[],
  yes: boolean,
): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) {
    throw new CliUsageError(`deleting ${labs.length} lab(s) destroys the learners' work: add --yes (no terminal here to confirm on)`);
  }
  ctx.streams.stderr(`About to DELETE ${labs.length} lab(s):\n${labs.map((l) => `  ${l.summary.name}`).join('\n')}\n`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`Type the course id "${courseId}" to delete them: `);
    if (answer.trim() !== courseId) throw new CliOperationError('not confirmed; nothing was deleted');
  } finally {
    rl.close();
  }
}

function bulkCommand(context: () => CliContext, action: CohortAction): Command {
  return withCommonOptions(
    new Command(action).description(
      `${action[0]!.toUpperCase()}${action.slice(1)} the selected labs of the cohort (re-checked right before acting).`,
    ),
  )
    .option('--learner <who...>', 'learner project name, Keystone user id or stack name')
    .option('--state <state...>', 'Heat state (SUSPEND_COMPLETE) or group (up, down, pending, failed)')
    .option('--all', 'every lab of the course')
    .option('--yes', 'do not ask before deleting')
    .action(async (options: CohortOptions & { learner?: string[]; state?: string[]; all?: boolean; yes?: boolean }) => {
      const ctx = context();
      if (!options.all && !options.learner?.length && !options.state?.length) {
        throw new CliUsageError('say which labs: --learner U…, --state S… or --all');
      }
      const output = await withCohort(ctx, options, async (cohort, selector) => {
        const scan = await cohort.scan(options.course, selector, { events: true });
        const labs = selectLabs(scan.labs, { learners: options.learner, states: options.state, all: options.all });
        if (!labs.length) return { action, results: [] };
        if (action === 'delete') await confirmDelete(ctx, options.course, labs, options.yes ?? false);
        const results = await cohort.act(action, labs, (r, done, total) =>
          ctx.out.info(`[${done}/${total}] ${r.stackName}: ${r.outcome} — ${r.message}`),
        );
        return { action, results };
      });
      ctx.out.result(CohortActOutput, output, (o) => {
        const count = (k: string) => o.results.filter((r) => r.outcome === k).length;
        return o.results.length
          ? `${action}: ${count('done')} done, ${count('skipped')} skipped, ${count('failed')} failed`
          : 'No lab matches the selection.';
      });
      if (output.results.some((r) => r.outcome === 'failed')) throw new CliOperationError(`${action} failed for some labs (see above)`);
    });
}

function seconds(flag: string, value: string | undefined, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  if (value === 'none') return null;
  const parsed = parseDuration(value);
  if (parsed === undefined) throw new CliUsageError(`${flag}: "${value}" is not a duration (e.g. 90m, 4h, 14d, none)`);
  return parsed;
}

/** `lab-console cohort …`: the instructor's view of every lab of a course. */
export function cohortCommand(context: () => CliContext): Command {
  const cohort = new Command('cohort').description("A course's labs across the learner projects your cloud credentials reach.");

  withCommonOptions(
    cohort.command('list').description('Every lab of the course: learner, state, time in state, uptime, last activity, cost.'),
  )
    .option('--scores', "run the course's progress checks over SSH on every running lab (the course must be in this library)")
    .action(async (options: CohortOptions & { scores?: boolean }) => {
      const ctx = context();
      const listing = await withCohort(ctx, options, (c, selector) =>
        c.list(options.course, selector, undefined, { checks: options.scores ?? false }),
      );
      ctx.out.result(CohortListing, listing, humanTable);
    });

  for (const action of ['suspend', 'resume', 'delete'] as const) cohort.addCommand(bulkCommand(context, action));

  withCommonOptions(cohort.command('export').description('Write the cohort table as CSV (RFC 4180).'))
    .requiredOption('--csv <file>', 'file to write')
    .action(async (options: CohortOptions & { csv: string }) => {
      const ctx = context();
      const listing = await withCohort(ctx, options, (c, selector) => c.list(options.course, selector));
      writeFileSync(options.csv, cohortCsv(listing.labs));
      ctx.out.result(
        z.object({ file: z.string(), labs: z.number() }),
        { file: options.csv, labs: listing.labs.length },
        (r) => `Wrote ${r.labs} labs to ${r.file}`,
      );
    });

  withCommonOptions(
    cohort
      .command('report')
      .description("The month of the cohort: per learner hours, cost and score, and the totals (from the labs' Heat events)."),
  )
    .option('--month <YYYY-MM>', 'the calendar month (UTC) to count (default: this month)')
    .option('--csv [file]', 'CSV instead of a table: to the file, or to stdout')
    .option('--scores', "run the course's progress checks on every running lab first (the course must be in this library)")
    .action(async (options: CohortOptions & { month?: string; csv?: string | boolean; scores?: boolean }) => {
      const ctx = context();
      const month = options.month ?? monthOf(ctx.app().clock.now());
      if (!monthBounds(month)) throw new CliUsageError(`--month: "${month}" is not a month such as 2026-11`);
      const listing = await withCohort(ctx, options, (c, selector) =>
        c.list(options.course, selector, undefined, { month, checks: options.scores ?? false }),
      );
      const report = cohortReport(listing, month);
      if (options.csv === true) {
        ctx.streams.stdout(cohortReportCsv(report));
        return;
      }
      if (typeof options.csv === 'string') writeFileSync(options.csv, cohortReportCsv(report));
      ctx.out.result(CohortReport, report, reportText);
    });

  withCommonOptions(
    cohort.command('reap').description('Suspend labs up too long, delete labs suspended too long or stuck FAILED (for cron).'),
  )
    .option('--dry-run', 'print the decisions; change nothing')
    .option('--max-session <duration>', "suspend labs up longer than this (default: the course's max_session with all its extensions)")
    .option('--delete-age <duration>', "delete labs suspended longer than this (default: the course's delete_age)")
    .option('--failed-grace <duration>', 'clean up labs FAILED longer than this (default 1h; "none" leaves them)')
    .addHelpText('after', '\nDurations: 90m, 4h, 14d or "none". Every decision is printed and logged with its reason.')
    .action(async (options: CohortOptions & { dryRun?: boolean; maxSession?: string; deleteAge?: string; failedGrace?: string }) => {
      const ctx = context();
      requireCourseId(options.course);
      const timeouts = courseTimeouts(ctx, options.course);
      const policy: ReapPolicy = {
        maxSessionSeconds: seconds('--max-session', options.maxSession, longestSession(timeouts)),
        deleteAgeSeconds: seconds('--delete-age', options.deleteAge, timeouts?.delete_age ?? null),
        failedGraceSeconds: seconds('--failed-grace', options.failedGrace, DEFAULT_FAILED_GRACE_SECONDS),
      };
      if (!timeouts && options.maxSession === undefined && options.deleteAge === undefined) {
        ctx.out.warn(`course ${options.course} is not in this library: give --max-session and --delete-age, or import the course`);
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
            onDecision: (d) =>
              ctx.out.info(
                `${options.dryRun ? 'would ' : ''}${d.action} ${d.stackName} (${d.learner}): ${d.reason}${d.detail ? ` → ${d.outcome}: ${d.detail}` : ''}`,
              ),
          }),
        );
      } catch (error) {
        if (error instanceof ReaperBusyError) throw new CliOperationError(error.message);
        throw error;
      }
      ctx.out.result(ReapReport, report, (r) => {
        const acting = r.decisions.filter((d) => d.action !== 'keep');
        return `${r.dryRun ? 'Dry run: would act on' : 'Acted on'} ${acting.length} of ${r.decisions.length} labs.${r.problems.map((p) => `\nproblem in ${p.project}: ${p.message}`).join('')}`;
      });
      if (report.decisions.some((d) => d.outcome === 'failed'))
        throw new CliOperationError('the reaper could not act on some labs (see above)');
    });

  cohort
    .command('enrol')
    .description(
      "Write one enrolment file per learner: the cloud (auth URL, region, user, project) and the course, for the learner's app to open.",
    )
    .requiredOption('--learners <file.csv>', 'lines of "username,project" (project defaults to lab-<username>)')
    .requiredOption('--course <id>', 'course id')
    .option('--bundle <path-or-url>', 'where learners get the course bundle')
    .option('--cohort <name>', 'cohort name written into the files')
    .option('--out <dir>', 'folder for the files', '.')
    .action(async (options: { learners: string; course: string; bundle?: string; cohort?: string; out: string }) => {
      const ctx = context();
      requireCourseId(options.course);
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
      ctx.out.result(EnrolOutput, { files }, (o) => o.files.map((f) => `${f.learner}: ${f.file}`).join('\n'));
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
