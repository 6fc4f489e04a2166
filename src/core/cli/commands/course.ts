import { Command } from 'commander';
import { z } from 'zod';
import {
  CourseDetail,
  CourseSummary,
  formatCourseIssue,
  ImportResult,
  PackResult,
  SearchHit,
  searchQueryProblem,
  ValidationReport,
  type StepStatus,
} from '../../../shared/course';
import { checkBundle, type BundleCloudCheck } from '../../courses/bundle-check';
import { CourseBundleError } from '../../courses/course-errors';
import { CourseLibrary } from '../../courses/course-library';
import { packCourse } from '../../courses/course-pack';
import { heatTemplateCheck } from '../../courses/heat-template-check';
import { cliCloudRegistry } from './cloud';
import { convertCommand, formatImport } from './course-convert';
import type { CliContext } from '../cli-context';
import { CliUsageError } from '../cli-errors';

/** `lab-console course …`: validate, pack, import, list, show, search, remove. */
export function courseCommand(context: () => CliContext): Command {
  const course = new Command('course').description('Course bundles: validate, pack and import them; read the library.');

  course
    .command('validate')
    .description('Check a course bundle (folder, .zip or .tar.gz) as an import would; exit 2 with every problem found.')
    .argument('<path>', 'course folder or bundle file')
    .addHelpText('after', '\nWith --os-cloud (or OS_CLOUD), Heat also validates the template on that cloud.')
    .action(async (path: string) => {
      const ctx = context();
      const { report } = await checkBundle(path, { cloudCheck: await heatCheckFor(ctx) });
      ctx.out.result(ValidationReport, report, (r) =>
        r.ok && r.course ? `OK: ${r.course.id} ${r.course.version} "${r.course.title}" is a valid course bundle.` : '',
      );
      if (!report.ok) throw invalidBundle(report.issues.map(formatCourseIssue), ctx.out.json);
    });

  course
    .command('pack')
    .description('Validate a course folder and write it as one deterministic .tar.gz bundle.')
    .argument('<dir>', 'course folder')
    .option('-o, --output <file>', 'bundle file to write (default: ./<id>-<version>.tar.gz)')
    .action(async (dir: string, options: { output?: string }) => {
      const ctx = context();
      const result = await asCliError(() => packCourse(dir, { output: options.output }), ctx.out.json);
      ctx.out.result(
        PackResult,
        result,
        (r) => `Wrote ${r.file}\n  ${r.id} ${r.version}, ${r.files} files, ${(r.bytes / 1024).toFixed(1)} KiB, sha256 ${r.sha256}`,
      );
    });

  course
    .command('import')
    .description(
      'Import a course bundle, or an Open edX course export with hastexo labs, into the library (a newer version replaces the older; progress is kept).',
    )
    .argument('<path>', 'course folder, .zip or .tar.gz; or an Open edX export (folder or .tar.gz)')
    .option('--force', 'replace the course even if the bundle is not newer')
    .action(async (path: string, options: { force?: boolean }) => {
      const ctx = context();
      const result = await asCliError(() => library(ctx).import(path, { force: options.force ?? false }), ctx.out.json);
      ctx.out.result(ImportResult, result, formatImport);
    });

  course.addCommand(convertCommand(context));

  course
    .command('list')
    .description('List the courses in the library.')
    .action(() => {
      const ctx = context();
      ctx.out.result(z.array(CourseSummary), library(ctx).list(), formatList);
    });

  course
    .command('show')
    .description('Show a course of the library: its steps, your progress and its lab connections.')
    .argument('<id>', 'course id')
    .action((id: string) => {
      const ctx = context();
      ctx.out.result(CourseDetail, library(ctx).get(id), formatDetail);
    });

  course
    .command('search')
    .description('Search every course and step of the library.')
    .argument('<text...>', 'words to find (all must match; prefixes and small typos count)')
    .option('-n, --limit <n>', 'at most this many results', (v) => Number.parseInt(v, 10), 20)
    .action(async (words: string[], options: { limit: number }) => {
      const ctx = context();
      const query = words.join(' ');
      const problem = searchQueryProblem(query);
      if (problem) throw new CliUsageError(problem, 'invalid_input');
      const hits = await library(ctx).search(query, options.limit);
      ctx.out.result(z.array(SearchHit), hits, formatHits);
    });

  course
    .command('remove')
    .description('Remove a course and your progress in it from the library.')
    .argument('<id>', 'course id')
    .action(async (id: string) => {
      const ctx = context();
      await library(ctx).remove(id);
      ctx.out.result(z.object({ removed: z.string() }), { removed: id }, (r) => `Removed ${r.removed}.`);
    });

  return course;
}

function library(ctx: CliContext): CourseLibrary {
  const app = ctx.app();
  return new CourseLibrary({ db: app.db, home: app.home.root, clock: app.clock, logger: app.logger.child('courses') });
}

/** With --os-cloud (or OS_CLOUD), Heat's own template-validate runs after the offline checks. */
async function heatCheckFor(ctx: CliContext): Promise<BundleCloudCheck | undefined> {
  const name = ctx.cloudName;
  if (!name) return undefined;
  const cloud = await cliCloudRegistry(ctx).get(name);
  return heatTemplateCheck(cloud, ctx.app().logger);
}

/** Exit 2 with the problems; in --json mode they were already printed as the report. */
function invalidBundle(lines: readonly string[], json: boolean): CliUsageError {
  const head = `the course bundle is not valid (${lines.length} problem${lines.length === 1 ? '' : 's'})`;
  return new CliUsageError(json ? head : `${head}:\n${lines.map((l) => `  ${l}`).join('\n')}`, 'invalid_input');
}

/** A refused bundle is invalid input (exit 2); other failures keep their own exit code. */
async function asCliError<T>(work: () => Promise<T>, json: boolean): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof CourseBundleError)) throw error;
    if (error.issues.length > 0) throw invalidBundle(error.issues.map(formatCourseIssue), json);
    throw new CliUsageError(`the course bundle was refused: ${error.message}`, 'invalid_input');
  }
}

function formatList(courses: readonly CourseSummary[]): string {
  if (courses.length === 0) return 'The library is empty. Import a course with: lab-console course import PATH';
  const rows = courses.map((c) => [c.id, c.version, `${c.completedSteps}/${c.stepCount}`, c.protocols.join('+') || '-', c.title]);
  return table(['ID', 'VERSION', 'DONE', 'LAB', 'TITLE'], rows);
}

const STATUS_MARK: Record<StepStatus, string> = { completed: '[x]', solved: '[s]', visited: '[~]', not_started: '[ ]' };

function formatDetail(course: CourseDetail): string {
  const lines = [
    `${course.title} (${course.id} ${course.version})`,
    ...(course.description ? ['', course.description] : []),
    ...(course.authors.length > 0 ? ['', `Authors: ${course.authors.join(', ')}`] : []),
    '',
    course.connections.length > 0
      ? `Lab connections: ${course.connections.map((c) => `${c.name} (${c.protocol})`).join(', ')}`
      : 'No lab: a reading-only course.',
    '',
    `Steps (${course.completedSteps}/${course.stepCount} done):`,
    ...course.steps.map(
      (s) =>
        `  ${STATUS_MARK[s.status]} ${String(s.index + 1).padStart(2)}. ${s.title} [${s.id}]${s.hasChecks ? ' (checked)' : ''}${s.id === course.lastStepId ? '  <- last opened' : ''}`,
    ),
  ];
  return lines.join('\n');
}

function formatHits(hits: readonly SearchHit[]): string {
  if (hits.length === 0) return 'No matches.';
  return hits
    .map((h) => {
      const where = h.stepId ? `${h.courseId}/${h.stepId}` : h.courseId;
      const title = h.stepId ? `${h.title} — ${h.courseTitle}` : h.title;
      return `${where}  ${title}${h.snippet ? `\n    ${h.snippet}` : ''}`;
    })
    .join('\n');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
