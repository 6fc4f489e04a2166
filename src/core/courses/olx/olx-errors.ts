import { formatCourseIssue, type CourseIssue } from '../../../shared/course';
import { CourseBundleError } from '../course-errors';
import { type XmlError } from './olx-xml';

/** Where in the export a problem is: a file of the export and, when known, the line and column. */
export interface OlxPlace {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export function olxIssue(place: OlxPlace, message: string, path = ''): CourseIssue {
  return { file: place.file, line: place.line ?? 0, column: place.column ?? 0, path, message };
}

/**
 * An Open edX export that cannot be converted: malformed or hostile XML, a reference that leaves
 * the export, a lab without a template. Refused before anything is written (CLI exit 2).
 */
export class OlxExportError extends CourseBundleError {
  constructor(issues: readonly CourseIssue[]) {
    super(
      'invalid',
      issues[0]?.file ?? '',
      `The Open edX export cannot be converted (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${issues.map(formatCourseIssue).join('\n')}`,
      issues,
    );
    this.name = 'OlxExportError';
  }

  static at(place: OlxPlace, message: string): OlxExportError {
    return new OlxExportError([olxIssue(place, message)]);
  }

  static fromXml(error: XmlError): OlxExportError {
    return OlxExportError.at({ file: error.file, line: error.line, column: error.column }, error.reason);
  }
}
