import { copyFile, mkdir, mkdtemp, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Document } from 'yaml';
import type { CourseIssue } from '../../../shared/course';
import type { ConversionReport } from '../../../shared/course/olx-conversion';
import { MANIFEST_FILE, validateBundleDir } from '../bundle-validator';
import { stageBundle } from '../bundle-stage';
import { CourseBundleError } from '../course-errors';
import { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from '../file-policy';
import { REPORT_FILE, reportMarkdown } from './conversion-report';
import { OlxExportError } from './olx-errors';
import { OlxFiles } from './olx-files';
import { convertOlx, type ConvertedCourse } from './olx-convert';
import { COURSE_FILE } from './olx-reader';

/** The folder of an extracted export holding course.xml: the folder itself or its one top folder (Studio's "course/"). */
export async function findOlxRoot(dir: string): Promise<string | undefined> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  if (entries.some((e) => e.name === MANIFEST_FILE)) return undefined;
  if (entries.some((e) => e.isFile() && e.name === COURSE_FILE)) return dir;
  const [only] = entries;
  if (entries.length === 1 && only?.isDirectory()) {
    const inner = join(dir, only.name);
    const names = await readdir(inner).catch((): string[] => []);
    if (names.includes(COURSE_FILE) && !names.includes(MANIFEST_FILE)) return inner;
  }
  return undefined;
}

function courseYaml(course: ConvertedCourse): string {
  const doc = new Document(course.manifest, { aliasDuplicateObjects: false });
  doc.commentBefore = [
    ` Converted from an Open edX course export by \`lab-console course convert\`.`,
    ' Edit it as any course (docs/course-format.md); conversion-report.md beside this folder',
    ' says how each hastexo attribute was mapped.',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** Writes one converted course as a bundle folder (which must not exist yet). */
export async function writeConvertedCourse(course: ConvertedCourse, files: OlxFiles, dir: string): Promise<void> {
  await mkdir(dir);
  await writeFile(join(dir, MANIFEST_FILE), courseYaml(course));
  for (const [path, file] of course.files) {
    const target = join(dir, ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    if ('text' in file)
      await writeFile(target, file.text, { mode: path.startsWith('checks/') || path.startsWith('hooks/') ? 0o755 : 0o644 });
    else await copyFile(files.absolute(file.fromExport), target);
  }
}

export interface ConvertedBundles {
  /** One bundle folder per course, in the export's order. */
  readonly dirs: readonly string[];
  readonly report: ConversionReport;
}

/**
 * Converts an extracted export into bundle folders under `outDir` (created), each checked by the
 * bundle validator as an import would; a course that would not validate refuses the whole export.
 */
export async function convertExtractedExport(root: string, outDir: string): Promise<ConvertedBundles> {
  const files = new OlxFiles(root);
  const conversion = await convertOlx(files);
  if (conversion.courses.length === 0) {
    throw OlxExportError.at(
      { file: COURSE_FILE },
      `the export has no subsection with a hastexo or stackamole block, so no lab course to make (${conversion.report.skipped.length} subsection${conversion.report.skipped.length === 1 ? '' : 's'} without one)`,
    );
  }
  await mkdir(outDir, { recursive: true });
  const dirs: string[] = [];
  const issues: CourseIssue[] = [];
  for (const course of conversion.courses) {
    const dir = join(outDir, course.id);
    await writeConvertedCourse(course, files, dir);
    const validation = await validateBundleDir(dir);
    issues.push(...validation.issues.map((i) => ({ ...i, file: `${course.id}/${i.file}` })));
    dirs.push(dir);
  }
  if (issues.length) throw new OlxExportError(issues);
  return { dirs, report: conversion.report };
}

export interface ConvertOptions {
  readonly limits?: BundleLimits;
}

/**
 * `lab-console course convert`: an export (folder or .tar.gz) → bundle folders in `outDir` plus
 * conversion-report.md. Everything is built in a staging folder beside `outDir` and moved in with
 * one rename, so a refused export leaves nothing behind.
 */
export async function convertExport(source: string, outDir: string, options: ConvertOptions = {}): Promise<ConversionReport> {
  const target = resolve(outDir);
  const existing = await stat(target).catch(() => undefined);
  if (existing && (!existing.isDirectory() || (await readdir(target)).length > 0)) {
    throw new CourseBundleError(
      'unsupported-source',
      outDir,
      `"${outDir}" already exists and is not an empty folder; choose a new folder for the converted courses`,
    );
  }
  const parent = dirname(target);
  if (!(await stat(parent).catch(() => undefined))?.isDirectory()) {
    throw new CourseBundleError('unsupported-source', outDir, `the folder "${parent}" does not exist`);
  }
  const staging = await mkdtemp(join(parent, `.${basename(target)}.converting-`));
  try {
    const staged = await stageBundle(resolve(source), join(staging, 'export'), options.limits ?? DEFAULT_BUNDLE_LIMITS);
    const root = await findOlxRoot(staged.root);
    if (!root)
      throw new CourseBundleError(
        'not-a-bundle',
        '',
        `"${source}" is not an Open edX course export: it has no ${COURSE_FILE} (at its root or in its one top folder)`,
      );
    const out = join(staging, 'out');
    const converted = await convertExtractedExport(root, out);
    const report = {
      ...converted.report,
      courses: converted.report.courses.map((c) => ({ ...c, dir: join(target, c.id) })),
    };
    await writeFile(join(out, REPORT_FILE), reportMarkdown(report));
    if (existing) await rmdir(target);
    await rename(out, target);
    return report;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
