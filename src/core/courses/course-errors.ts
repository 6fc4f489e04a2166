import { formatCourseIssue, type CourseIssue } from '../../shared/course';
import { UserFacingError } from '../api/user-error';

export type CourseBundleErrorKind =
  /** An entry climbs out of the bundle with "..". */
  | 'path-escape'
  | 'absolute-path'
  /** A symbolic link points outside the bundle (or at nothing usable in it). */
  | 'symlink-escape'
  /** A link inside the bundle whose target is missing or a folder. */
  | 'bad-link'
  | 'special-file'
  | 'too-large'
  | 'too-many-files'
  /** Expands far more than its own size: an archive bomb. */
  | 'compression-ratio'
  | 'duplicate-entry'
  | 'bad-path'
  | 'unsupported-source'
  | 'corrupt-archive'
  | 'not-a-bundle'
  /** The bundle is readable but course.yaml or its files are wrong: see `issues`. */
  | 'invalid'
  /** The lab's template or environment names a file it may not (outside the bundle, remote) or that is missing: see `issues`. */
  | 'template-reference';

/** A bundle refused before anything reached the library. */
export class CourseBundleError extends UserFacingError {
  constructor(
    readonly kind: CourseBundleErrorKind,
    /** The entry or file concerned, relative to the bundle ("" for the bundle as a whole). */
    readonly path: string,
    message: string,
    readonly issues: readonly CourseIssue[] = [],
  ) {
    super('invalid_input', message);
    this.name = 'CourseBundleError';
  }
}

export class CourseValidationError extends CourseBundleError {
  constructor(issues: readonly CourseIssue[]) {
    const lines = issues.map(formatCourseIssue);
    super('invalid', issues[0]?.file ?? '', `The course bundle has ${issues.length} problem(s):\n${lines.join('\n')}`, issues);
    this.name = 'CourseValidationError';
  }
}

/**
 * The lab's Heat files cannot be sent: a reference leaves the bundle, is remote, or names a file
 * that is not there (a bundle edited after import). Found before anything reaches the cloud.
 */
export class CourseTemplateError extends CourseBundleError {
  /** A launch cannot succeed by retrying: its job fails at once. */
  readonly permanent = true;
  constructor(issues: readonly CourseIssue[]) {
    const lines = issues.map(formatCourseIssue);
    super('template-reference', issues[0]?.file ?? '', `The course's lab template cannot be sent to Heat:\n${lines.join('\n')}`, issues);
    this.name = 'CourseTemplateError';
  }
}

/** An import of a version that is not newer than the one in the library, without --force. */
export class CourseVersionError extends UserFacingError {
  constructor(
    readonly courseId: string,
    readonly installed: string,
    readonly offered: string,
  ) {
    super(
      'conflict',
      `Course "${courseId}" ${installed} is already in the library; the bundle has version ${offered}, which is not newer. Import with --force to replace it anyway.`,
    );
    this.name = 'CourseVersionError';
  }
}

export class CourseNotFoundError extends UserFacingError {
  constructor(
    readonly courseId: string,
    readonly stepId?: string,
  ) {
    super(
      'not_found',
      stepId === undefined ? { key: 'course.notFound', params: { courseId } } : { key: 'course.noStep', params: { courseId, stepId } },
    );
    this.name = 'CourseNotFoundError';
  }
}

/** The library's record is there but the course's files are not (deleted by hand, disk trouble). */
export class CourseFilesMissingError extends UserFacingError {
  constructor(
    readonly courseId: string,
    readonly file: string,
    cause: unknown,
  ) {
    super(
      'unavailable',
      `The file "${file}" of course "${courseId}" is missing from the library (${cause instanceof Error ? cause.message : String(cause)}). Import the course again.`,
    );
    this.name = 'CourseFilesMissingError';
  }
}
