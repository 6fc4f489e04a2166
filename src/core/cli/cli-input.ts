import { COURSE_ID_PATTERN, type CourseManifest } from '../../shared/course/course-manifest';
import { CourseNotFoundError } from '../courses/course-errors';
import { labCloudOrder } from '../labs/app-labs';
import type { ResolvedCloud } from '../openstack/clouds-config/cloud-types';
import { CloudConfigError } from '../openstack/errors';
import type { CliContext } from './cli-context';
import { CliUsageError } from './cli-errors';
import { cliCloudRegistry } from './commands/cloud';

/**
 * Input every command that acts on labs checks before it opens a cloud or queues a job: bad input
 * is exit 2 at once, never a job that retries it for half a minute and then exits 1.
 */

/** A course id as typed: something that cannot be one is refused before anything is opened. */
export function requireCourseId(ctx: CliContext, courseId: string): string {
  if (!COURSE_ID_PATTERN.test(courseId)) throw new CliUsageError(ctx.text.t('input.notCourseId', { courseId }), 'invalid_input');
  return courseId;
}

/** A course of this library, by id. */
export function requireLibraryCourse(ctx: CliContext, courseId: string): CourseManifest {
  requireCourseId(ctx, courseId);
  try {
    return ctx.app().courses.manifest(courseId);
  } catch (error) {
    if (error instanceof CourseNotFoundError)
      throw new CliUsageError(ctx.text.t('input.courseNotFound', { courseId: error.courseId }), 'invalid_input');
    throw error;
  }
}

/**
 * The cloud of that name (the default cloud without one), ready to connect. clouds.yaml (and
 * secure.yaml) must parse and the cloud must exist there or in the app: a typo in --os-cloud is the
 * user's to fix, not the cloud's to retry.
 */
export async function requireKnownCloud(ctx: CliContext, name: string | undefined): Promise<ResolvedCloud> {
  const registry = cliCloudRegistry(ctx);
  try {
    return await registry.get(name);
  } catch (error) {
    if (error instanceof CloudConfigError) throw new CliUsageError(error.message, 'invalid_input');
    throw error;
  }
}

/** clouds.yaml parses, and each cloud named exists. */
export async function requireKnownClouds(ctx: CliContext, names: readonly string[]): Promise<void> {
  cliCloudRegistry(ctx); // reads clouds.yaml even when no cloud is named
  for (const name of new Set(names)) await requireKnownCloud(ctx, name);
}

/** The clouds a CLI run names itself: --os-cloud (or OS_CLOUD) first, then LAB_CONSOLE_LAB_CLOUDS. */
export function namedClouds(ctx: CliContext): string[] {
  return [...new Set([...(ctx.cloudName ? [ctx.cloudName] : []), ...labCloudOrder(ctx.env)])];
}

/**
 * What every lab command checks before it queues a job or opens a cloud: the course is in the
 * library, clouds.yaml parses and every cloud named exists.
 */
export async function checkLabInput(ctx: CliContext, courseId: string | undefined): Promise<void> {
  if (courseId !== undefined) requireLibraryCourse(ctx, courseId);
  await requireKnownClouds(ctx, namedClouds(ctx));
}
