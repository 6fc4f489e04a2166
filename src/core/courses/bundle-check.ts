import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CourseIssue, CourseManifest, ValidationReport } from '../../shared/course';
import { stageBundle } from './bundle-stage';
import { validateBundleDir } from './bundle-validator';
import { CourseBundleError } from './course-errors';
import { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './file-policy';

/**
 * A check beyond the offline ones, given the staged bundle: Heat's template-validate on a cloud
 * (the OpenStack client provides it). Returns issues in the same shape.
 */
export interface BundleCloudCheck {
  readonly name: string;
  check(root: string, manifest: CourseManifest): Promise<CourseIssue[]>;
}

export interface CheckedBundle {
  readonly report: ValidationReport;
  readonly manifest: CourseManifest | null;
}

/**
 * Validates a bundle (folder, .zip or .tar.gz) exactly as an import would see it: staged into a
 * temporary folder first, so hostile archives are refused the same way. Nothing is kept.
 * `use` may read the staged bundle (e.g. to pack it) before it is deleted.
 */
export async function checkBundle(
  source: string,
  options: {
    limits?: BundleLimits;
    use?: (root: string, manifest: CourseManifest, files: readonly string[]) => Promise<void>;
    /** Runs only when the offline checks pass. */
    cloudCheck?: BundleCloudCheck;
  } = {},
): Promise<CheckedBundle> {
  const staging = await mkdtemp(join(tmpdir(), 'lab-console-course-'));
  try {
    const staged = await stageBundle(resolve(source), join(staging, 'bundle'), options.limits ?? DEFAULT_BUNDLE_LIMITS);
    const validation = await validateBundleDir(staged.root);
    const issues = [...validation.issues];
    let manifest = validation.manifest;
    if (manifest && options.cloudCheck) {
      issues.push(...(await options.cloudCheck.check(staged.root, manifest)));
      if (issues.length > 0) manifest = null;
    }
    if (manifest && options.use) await options.use(staged.root, manifest, validation.files);
    return {
      manifest,
      report: {
        ok: manifest !== null,
        course: validation.manifest
          ? { id: validation.manifest.id, title: validation.manifest.title, version: validation.manifest.version }
          : null,
        issues,
      },
    };
  } catch (error) {
    if (!(error instanceof CourseBundleError)) throw error;
    return { manifest: null, report: { ok: false, course: null, issues: issuesOf(error) } };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function issuesOf(error: CourseBundleError): CourseIssue[] {
  if (error.issues.length > 0) return [...error.issues];
  return [{ file: '', line: 0, column: 0, path: '', message: error.message }];
}
