import { Command } from 'commander';
import { formatCourseIssue, type ImportResult } from '../../../shared/course';
import { ConversionReport } from '../../../shared/course/olx-conversion';
import { CourseBundleError } from '../../courses/course-errors';
import { REPORT_FILE } from '../../courses/olx/conversion-report';
import type { CliContext } from '../cli-context';
import { CliUsageError } from '../cli-errors';
import type { CliText } from '../cli-text';

/**
 * `lab-console course convert EXPORT -o DIR`: an Open edX course export with hastexo labs becomes
 * course folders an author keeps, edits, validates and packs, with conversion-report.md beside them.
 */
export function convertCommand(context: () => CliContext, text: CliText): Command {
  const { t } = text;
  return new Command('convert')
    .description(t('convert.description'))
    .argument('<export>', t('convert.export'))
    .requiredOption('-o, --output <dir>', t('convert.output'))
    .addHelpText('after', `\n${t('convert.after', { report: REPORT_FILE })}`)
    .action(async (source: string, options: { output: string }) => {
      const ctx = context();
      const { convertExport } = await import('../../courses/olx/olx-export');
      const report = await convertExport(source, options.output).catch((error: unknown) => {
        throw refused(text, error);
      });
      ctx.out.result(ConversionReport, report, (r) => formatConversion(text, r));
    });
}

/** A refused export is invalid input (exit 2), with every problem on its own line. */
function refused({ t }: CliText, error: unknown): unknown {
  if (!(error instanceof CourseBundleError)) return error;
  if (error.issues.length === 0) return new CliUsageError(t('convert.refused', { message: error.message }), 'invalid_input');
  const lines = error.issues.map(formatCourseIssue);
  return new CliUsageError(`${t('convert.invalid', { count: lines.length })}\n${lines.map((l) => `  ${l}`).join('\n')}`, 'invalid_input');
}

function formatConversion({ t }: CliText, report: ConversionReport): string {
  const { title, org, course: courseName, run } = report.source;
  const lines: string[] = [t('convert.converted', { title, org, course: courseName, run: run || t('convert.unknownRun') })];
  for (const course of report.courses) {
    const warnings = course.attributes.filter((a) => a.status === 'warning').length;
    const extras = [
      t('convert.steps', { count: course.steps.length }),
      t('convert.lab', { protocol: course.protocol }),
      ...(warnings ? [t('convert.warnings', { count: warnings })] : []),
      ...(course.unsupported.length ? [t('convert.notShown', { count: course.unsupported.length })] : []),
    ];
    lines.push(`  ${course.dir ?? course.id}  "${course.title}" (${extras.join(', ')})`);
  }
  if (report.skipped.length)
    lines.push(t('convert.leftOut', { count: report.skipped.length, titles: report.skipped.map((s) => `"${s.title}"`).join(', ') }));
  const dir = report.courses[0]?.dir;
  if (dir) lines.push(t('convert.report', { file: `${dir.replace(/[\\/][^\\/]+$/, '')}/${REPORT_FILE}` }));
  return lines.join('\n');
}

/** The import's text: every course an export gave, and what its conversion ignored. */
export function formatImport({ t }: CliText, result: ImportResult): string {
  const one = (r: Pick<ImportResult, 'course' | 'previousVersion'>): string =>
    r.previousVersion
      ? t('course.import.replaced', { id: r.course.id, version: r.course.version, previous: r.previousVersion })
      : t('course.import.imported', { id: r.course.id, version: r.course.version, title: r.course.title, count: r.course.stepCount });
  const lines = [one(result), ...(result.more ?? []).map(one)];
  if (result.notes?.length) {
    lines.push(t('course.import.notes', { count: result.notes.length }));
    lines.push(...result.notes.map((n) => `  ${n}`));
  }
  return lines.join('\n');
}
