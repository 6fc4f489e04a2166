import { APP_VERSION } from '../../shared/version';

/**
 * One lab per learner (Keystone user) and course. The stack name is deterministic so every handler
 * can find "its" stack again after a crash by asking Heat, never by trusting local state.
 * Heat stack names: letters, digits, "_", "-", "." starting with a letter (heat/engine/api.py).
 */
export function labStackName(courseId: string, userId: string): string {
  return `lc-${courseId}-${userId}`;
}

/** The tags the instructor view and the reconcile pass find labs by. */
export function labTags(courseId: string, courseVersion: string, userId: string, appVersion = APP_VERSION): string[] {
  return ['lc', `lc-course=${courseId}`, `lc-course-version=${courseVersion}`, `lc-user=${userId}`, `lc-app=${appVersion}`];
}

/** Reads the course id and user back from a stack's tags; undefined for a stack that is not a lab. */
export function parseLabTags(tags: readonly string[]): { courseId: string; userId: string } | undefined {
  if (!tags.includes('lc')) return undefined;
  const value = (prefix: string) => tags.find((t) => t.startsWith(prefix))?.slice(prefix.length);
  const courseId = value('lc-course=');
  const userId = value('lc-user=');
  return courseId && userId ? { courseId, userId } : undefined;
}

/** Keys of a lab's secret outputs in the SecretStore. */
export function labSecretKey(stackName: string, output: string): string {
  return `lab/${stackName}/${output}`;
}
