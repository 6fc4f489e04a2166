import type { EnrolmentSummary } from './enrolment-calls';

/**
 * The https address the app downloads the course from when the learner adds the enrolment, or null:
 * the course is in the library already, or the file names no bundle, or names a file to import by hand.
 */
export function bundleDownloadUrl(summary: EnrolmentSummary): string | null {
  return !summary.courseInLibrary && summary.bundle?.startsWith('https://') ? summary.bundle : null;
}
