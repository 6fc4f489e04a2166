import { Command } from 'commander';
import { formatCourseIssue, type ImportResult } from '../../../shared/course';
import { ConversionReport } from '../../../shared/course/olx-conversion';
import { CourseBundleError } from '../../courses/course-errors';
import { REPORT_FILE } from '../../courses/olx/conversion-report';
import { convertExport } from '../../courses/olx/olx-export';
import type { CliContext } from '../cli-context';
import { CliUsageError } from '../cli-errors';

/**
 * `lab-console course convert EXPORT -o DIR`: an Open edX course export with hastexo labs becomes
 * course folders an author keeps, edits, validates and packs, with conversion-report.md beside them.
 */
export function convertCommand(context: () => CliContext): Command {
  return new Command('convert')
    .description(
      'Convert an Open edX course export (folder or .tar.gz) with hastexo/stackamole labs into course folders, one per subsection with a lab, and a conversion report.',
    )
    .argument('<export>', 'the export: a folder with course.xml, or the .tar.gz Studio writes')
    .requiredOption('-o, --output <dir>', 'folder to write (new, or empty)')
    .addHelpText(
      'after',
      `\nEach course lands in <dir>/<course-id>/ (then: lab-console course validate|pack <dir>/<course-id>),\nand <dir>/${REPORT_FILE} says how every hastexo attribute was mapped and what is not shown.\nA hostile or broken export is refused (exit 2) and nothing is written.`,
    )
    .action(async (source: string, options: { output: string }) => {
      const ctx = context();
      const report = await convertExport(source, options.output).catch((error: unknown) => {
        throw refused(error);
      });
      ctx.out.result(ConversionReport, report, formatConversion);
    });
}

/** A refused export is invalid input (exit 2), with every problem on its own line. */
function refused(error: unknown): unknown {
  if (!(error instanceof CourseBundleError)) return error;
  if (error.issues.length === 0) return new CliUsageError(`the export was refused: ${error.message}`, 'invalid_input');
  const lines = error.issues.map(formatCourseIssue);
  return new CliUsageError(
    `the Open edX export cannot be converted (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n${lines.map((l) => `  ${l}`).join('\n')}`,
    'invalid_input',
  );
}

function formatConversion(report: ConversionReport): string {
  const lines = [
    `Converted "${report.source.title}" (${report.source.org}/${report.source.course}, run ${report.source.run || 'unknown'}):`,
  ];
  for (const course of report.courses) {
    const warnings = course.attributes.filter((a) => a.status === 'warning').length;
    const extras = [
      `${course.steps.length} step${course.steps.length === 1 ? '' : 's'}`,
      `${course.protocol} lab`,
      ...(warnings ? [`${warnings} warning${warnings === 1 ? '' : 's'}`] : []),
      ...(course.unsupported.length ? [`${course.unsupported.length} element${course.unsupported.length === 1 ? '' : 's'} not shown`] : []),
    ];
    lines.push(`  ${course.dir ?? course.id}  "${course.title}" (${extras.join(', ')})`);
  }
  if (report.skipped.length)
    lines.push(
      `Left out ${report.skipped.length} subsection${report.skipped.length === 1 ? '' : 's'} without a lab: ${report.skipped.map((s) => `"${s.title}"`).join(', ')}.`,
    );
  const dir = report.courses[0]?.dir;
  if (dir) lines.push(`Report: ${dir.replace(/[\\/][^\\/]+$/, '')}/${REPORT_FILE}`);
  return lines.join('\n');
}

/** The import's text: every course an export gave, and what its conversion ignored. */
export function formatImport(result: ImportResult): string {
  const one = (r: Pick<ImportResult, 'course' | 'previousVersion'>): string =>
    r.previousVersion
      ? `Imported ${r.course.id} ${r.course.version} (replaced ${r.previousVersion}; progress kept for steps that remain).`
      : `Imported ${r.course.id} ${r.course.version}: "${r.course.title}", ${r.course.stepCount} steps.`;
  const lines = [one(result), ...(result.more ?? []).map(one)];
  if (result.notes?.length) {
    lines.push(
      `The Open edX export converted with ${result.notes.length} note${result.notes.length === 1 ? '' : 's'} (lab-console course convert writes the full report):`,
    );
    lines.push(...result.notes.map((n) => `  ${n}`));
  }
  return lines.join('\n');
}
