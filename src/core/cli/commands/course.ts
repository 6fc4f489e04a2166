import { Command } from 'commander';
import * as z from 'zod';
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
import type { BundleCloudCheck } from '../../courses/bundle-check';
import { CourseBundleError } from '../../courses/course-errors';
import { CourseLibrary } from '../../courses/course-library';
import { cliCloudRegistry } from './cloud';
import { convertCommand, formatImport } from './course-convert';
import type { CliContext } from '../cli-context';
import { CliUsageError } from '../cli-errors';
import type { CliText } from '../cli-text';

/**
 * `lab-console course …`: validate, pack, import, list, show, search, remove. Validating, packing and
 * converting load their code (tar, yauzl, marked, parse5) when run: `course list` loaded all of it.
 */
export function courseCommand(context: () => CliContext, text: CliText): Command {
  const { t } = text;
  const course = new Command('course').description(t('course.description'));

  course
    .command('validate')
    .description(t('course.validate.description'))
    .argument('<path>', t('course.validate.path'))
    .addHelpText('after', `\n${t('course.validate.after')}`)
    .action(async (path: string) => {
      const ctx = context();
      const { checkBundle } = await import('../../courses/bundle-check');
      const { report } = await checkBundle(path, { cloudCheck: await heatCheckFor(ctx) });
      ctx.out.result(ValidationReport, report, (r) =>
        r.ok && r.course ? t('course.validate.ok', { id: r.course.id, version: r.course.version, title: r.course.title }) : '',
      );
      if (!report.ok) throw invalidBundle(text, report.issues.map(formatCourseIssue), ctx.out.json);
    });

  course
    .command('pack')
    .description(t('course.pack.description'))
    .argument('<dir>', t('course.pack.dir'))
    .option('-o, --output <file>', t('course.pack.output'))
    .action(async (dir: string, options: { output?: string }) => {
      const ctx = context();
      const { packCourse } = await import('../../courses/course-pack');
      const result = await asCliError(text, () => packCourse(dir, { output: options.output }), ctx.out.json);
      ctx.out.result(PackResult, result, (r) =>
        t('course.pack.wrote', {
          file: r.file,
          id: r.id,
          version: r.version,
          files: text.integer(r.files),
          kib: text.fixed(r.bytes / 1024, 1),
          sha256: r.sha256,
        }),
      );
    });

  course
    .command('import')
    .description(t('course.import.description'))
    .argument('<path>', t('course.import.path'))
    .option('--force', t('course.import.force'))
    .action(async (path: string, options: { force?: boolean }) => {
      const ctx = context();
      const result = await asCliError(text, () => library(ctx).import(path, { force: options.force ?? false }), ctx.out.json);
      ctx.out.result(ImportResult, result, (r) => formatImport(text, r));
    });

  course.addCommand(convertCommand(context, text));

  course
    .command('list')
    .description(t('course.list.description'))
    .action(() => {
      const ctx = context();
      ctx.out.result(z.array(CourseSummary), library(ctx).list(), (list) => formatList(text, list));
    });

  course
    .command('show')
    .description(t('course.show.description'))
    .argument('<id>', t('course.show.id'))
    .action((id: string) => {
      const ctx = context();
      ctx.out.result(CourseDetail, library(ctx).get(id), (detail) => formatDetail(text, detail));
    });

  course
    .command('search')
    .description(t('course.search.description'))
    .argument('<text...>', t('course.search.text'))
    .option('-n, --limit <n>', t('course.search.limit'), (v) => Number.parseInt(v, 10), 20)
    .action(async (words: string[], options: { limit: number }) => {
      const ctx = context();
      const query = words.join(' ');
      const problem = searchQueryProblem(query);
      if (problem) throw new CliUsageError(problem, 'invalid_input');
      const hits = await library(ctx).search(query, options.limit);
      ctx.out.result(z.array(SearchHit), hits, (found) => formatHits(text, found));
    });

  course
    .command('remove')
    .description(t('course.remove.description'))
    .argument('<id>', t('course.show.id'))
    .action(async (id: string) => {
      const ctx = context();
      await library(ctx).remove(id);
      ctx.out.result(z.object({ removed: z.string() }), { removed: id }, (r) => t('course.remove.removed', { id: r.removed }));
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
  const { heatTemplateCheck } = await import('../../courses/heat-template-check');
  return heatTemplateCheck(cloud, ctx.app().logger);
}

/** Exit 2 with the problems; in --json mode they were already printed as the report. */
function invalidBundle({ t }: CliText, lines: readonly string[], json: boolean): CliUsageError {
  const head = t('course.invalid', { count: lines.length });
  return new CliUsageError(json ? head : `${head}:\n${lines.map((l) => `  ${l}`).join('\n')}`, 'invalid_input');
}

/** A refused bundle is invalid input (exit 2); other failures keep their own exit code. */
async function asCliError<T>(text: CliText, work: () => Promise<T>, json: boolean): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof CourseBundleError)) throw error;
    if (error.issues.length > 0) throw invalidBundle(text, error.issues.map(formatCourseIssue), json);
    throw new CliUsageError(text.t('course.refused', { message: error.message }), 'invalid_input');
  }
}

function formatList({ t }: CliText, courses: readonly CourseSummary[]): string {
  if (courses.length === 0) return t('course.list.empty');
  const rows = courses.map((c) => [c.id, c.version, `${c.completedSteps}/${c.stepCount}`, c.protocols.join('+') || '-', c.title]);
  return table([t('course.list.id'), t('course.list.version'), t('course.list.done'), t('course.list.lab'), t('course.list.title')], rows);
}

const STATUS_MARK: Record<StepStatus, string> = { completed: '[x]', solved: '[s]', visited: '[~]', not_started: '[ ]' };

function formatDetail({ t }: CliText, course: CourseDetail): string {
  const lines = [
    `${course.title} (${course.id} ${course.version})`,
    ...(course.description ? ['', course.description] : []),
    ...(course.authors.length > 0 ? ['', t('course.show.authors', { authors: course.authors.join(', ') })] : []),
    '',
    course.connections.length > 0
      ? t('course.show.connections', { connections: course.connections.map((c) => `${c.name} (${c.protocol})`).join(', ') })
      : t('course.show.noLab'),
    '',
    t('course.show.steps', { done: course.completedSteps, total: course.stepCount }),
    ...course.steps.map(
      (s) =>
        `  ${STATUS_MARK[s.status]} ${String(s.index + 1).padStart(2)}. ${s.title} [${s.id}]${s.hasChecks ? t('course.show.checked') : ''}${s.id === course.lastStepId ? t('course.show.lastOpened') : ''}`,
    ),
  ];
  return lines.join('\n');
}

function formatHits({ t }: CliText, hits: readonly SearchHit[]): string {
  if (hits.length === 0) return t('course.search.none');
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
