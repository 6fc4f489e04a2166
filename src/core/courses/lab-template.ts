import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CourseIssue, Lab } from '../../shared/course';
import {
  prepareTemplate,
  TemplateFileError,
  TemplateReferencesError,
  type EnvironmentSource,
  type PreparedTemplate,
} from '../openstack/heat/template-files';
import { bundleReader } from './bundle-reader';
import { CourseTemplateError } from './course-errors';
import { YamlSource } from './yaml-source';

/**
 * What a launch sends to Heat for a course's lab, and what Heat's template-validate checks: the
 * template, the course's environment, then the cloud's (`cloudEnvironment`), and every file
 * they name — the course's read through bundleReader, so nothing outside the bundle is sent.
 * Throws CourseTemplateError naming the file, line and reference of each one that may not be
 * followed.
 */
/** The template and environment a launch on one cloud uses (the lab's own, or a preferred cloud's). */
export type LabSources = Pick<Lab, 'template' | 'environment'>;

export async function prepareCourseLab(root: string, lab: LabSources, cloudEnvironment?: EnvironmentSource): Promise<PreparedTemplate> {
  const reader = bundleReader(root);
  const environments: EnvironmentSource[] = [];
  if (lab.environment) environments.push({ path: bundleFile(root, lab.environment) });
  if (cloudEnvironment) environments.push(cloudEnvironment);
  try {
    return await prepareTemplate(bundleFile(root, lab.template), environments, { reader });
  } catch (error) {
    const problems = error instanceof TemplateReferencesError ? error.problems : error instanceof TemplateFileError ? [error] : [];
    const issues = (await Promise.all(problems.map((p) => issuesOf(p, root)))).flat();
    // Problems only in the cloud's own environment are the user's configuration, not the course's.
    if (issues.length > 0) throw new CourseTemplateError(issues);
    throw error;
  }
}

/** For validate: every reference of the lab's template and environment that a launch could not follow. */
export async function labTemplateIssues(root: string, lab: LabSources): Promise<CourseIssue[]> {
  try {
    await prepareCourseLab(root, lab);
    return [];
  } catch (error) {
    if (error instanceof CourseTemplateError) return [...error.issues];
    throw error;
  }
}

function bundleFile(root: string, path: string): string {
  return join(root, ...path.split('/'));
}

/** The problem at the line of the reference (or of the file) it is about; none when it is not about the bundle. */
async function issuesOf(problem: TemplateFileError, root: string): Promise<CourseIssue[]> {
  const reference = problem.reference;
  const at = reference ? reference.from : problem.url;
  const file = bundlePathOf(root, at);
  if (file === undefined) return [];
  const text = await bundleReader(root)(at)
    .then((bytes) => bytes.toString('utf8'))
    .catch(() => undefined);
  if (text === undefined) return [{ file, line: 0, column: 0, path: '', message: problem.problem }];
  const source = new YamlSource(file, text);
  if (reference) return [source.issue({ path: reference.field, message: problem.problem })];
  return source.issues.length > 0 ? source.issues : [{ file, line: 0, column: 0, path: '', message: problem.problem }];
}

/** The bundle-relative path of a file: URL inside `root`, else undefined. */
function bundlePathOf(root: string, url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined;
  const rel = relative(root, fileURLToPath(url));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}
