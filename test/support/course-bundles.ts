import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { REPO_ROOT } from './serve-process';

export const SAMPLE_COURSE_DIR = join(REPO_ROOT, 'assets', 'sample-course');

const madeFolders: string[] = [];

/** A temporary folder that removeCourseCopies removes. */
function madeFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeFolders.push(dir);
  return dir;
}

/**
 * Removes every folder the helpers here made so far. test/support/temp-cleanup.ts, a setup file of
 * the projects that use them, calls it after each test file: the helpers are mostly called in a
 * beforeAll, where no per-test cleanup exists.
 */
export function removeCourseCopies(): void {
  for (const dir of madeFolders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A copy of the sample course with some files replaced, for tests that need a variant. */
export function sampleCourseVariant(changes: Record<string, string>): string {
  const dir = join(madeFolder('lc-course-'), 'course');
  cpSync(SAMPLE_COURSE_DIR, dir, { recursive: true });
  for (const [path, text] of Object.entries(changes)) writeFileSync(join(dir, path), text);
  return dir;
}

/** The sample course with its desktop served over VNC instead of RDP (same lab template, its vnc_* outputs). */
export function vncSampleCourse(id: string): string {
  const original = readFileSync(join(SAMPLE_COURSE_DIR, 'course.yaml'), 'utf8');
  const rdp = `    - name: desktop
      protocol: rdp
      port: {output: rdp_port}
      user: {output: user}
`;
  if (!original.includes(rdp)) throw new Error('the sample course no longer has the rdp connection this variant replaces');
  const yaml = original
    .replace(/^id: .*$/m, `id: ${id}`)
    .replace(rdp, `    - name: desktop\n      protocol: vnc\n      port: {output: vnc_port}\n      password: {output: vnc_password}\n`)
    // Its web page is another test's: nothing serves it on this lab, and its 502 would be a page error here.
    .replace('    - {service: Web page, title: My web page}\n', '');
  return sampleCourseVariant({ 'course.yaml': yaml });
}

/** Packs a course folder the way an author ships it: a .tar.gz with course.yaml at its root. */
export async function packTarGz(dir: string, name = 'course.tar.gz'): Promise<string> {
  const file = join(madeFolder('lc-bundle-'), name);
  await createTar({ gzip: true, file, cwd: dir, portable: true }, ['.']);
  return file;
}
