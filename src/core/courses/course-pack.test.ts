import { mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { t as listTar, type ReadEntry } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { folderFingerprint } from './course-archives.test-support';
import { CourseValidationError } from './course-errors';
import { writeFixtureCourse } from './course-fixture';
import { CourseLibrary } from './course-library';
import { packCourse } from './course-pack';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'lc-pack-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function entriesOf(file: string): Promise<{ path: string; mode: number; mtime: number; uid: number }[]> {
  const entries: { path: string; mode: number; mtime: number; uid: number }[] = [];
  await listTar({
    file,
    onReadEntry: (e: ReadEntry) => {
      entries.push({ path: e.path, mode: e.mode ?? 0, mtime: e.mtime?.getTime() ?? 0, uid: e.uid ?? -1 });
    },
  });
  return entries;
}

describe('packCourse', () => {
  it('writes <id>-<version>.tar.gz with a top folder, fixed metadata and executable scripts', async () => {
    const src = await writeFixtureCourse(join(work, 'src'));
    await writeFile(join(src, '.DS_Store'), 'litter');
    const result = await packCourse(src, { cwd: work });
    expect(result).toMatchObject({ file: join(work, 'sample-course-1.0.0.tar.gz'), id: 'sample-course', version: '1.0.0', files: 8 });
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    const entries = await entriesOf(result.file);
    expect(entries.map((e) => e.path)).toEqual([
      'sample-course-1.0.0/checks/any.sh',
      'sample-course-1.0.0/checks/first.sh',
      'sample-course-1.0.0/course.yaml',
      'sample-course-1.0.0/images/diagram.png',
      'sample-course-1.0.0/lab/lab.yaml',
      'sample-course-1.0.0/steps/step-1.md',
      'sample-course-1.0.0/steps/step-2.md',
      'sample-course-1.0.0/steps/step-3.md',
    ]);
    expect(entries.find((e) => e.path.endsWith('checks/any.sh'))?.mode).toBe(0o755);
    expect(entries.find((e) => e.path.endsWith('course.yaml'))?.mode).toBe(0o644);
    expect(new Set(entries.map((e) => `${e.mtime}/${e.uid}`))).toEqual(new Set(['946684800000/0']));
  });

  it('gives the same bytes for the same files, whatever their times on disk', async () => {
    const src = await writeFixtureCourse(join(work, 'src'));
    const first = await packCourse(src, { output: join(work, 'a.tar.gz') });
    await utimes(join(src, 'course.yaml'), new Date(2020, 1, 1), new Date(2021, 1, 1));
    const second = await packCourse(src, { output: join(work, 'b.tar.gz') });
    expect(second.sha256).toBe(first.sha256);
    expect(second.bytes).toBe(first.bytes);
  });

  it('packs what import reads back unchanged', async () => {
    const src = await writeFixtureCourse(join(work, 'src'));
    const packed = await packCourse(src, { cwd: work });
    const db = openDatabase({ path: ':memory:' });
    const library = new CourseLibrary({ db, home: join(work, 'home') });
    await library.import(packed.file);
    expect(await folderFingerprint(library.courseDir('sample-course'))).toEqual(await folderFingerprint(src));
    db.close();
  });

  it('refuses to pack an invalid course, listing its problems, and writes no file', async () => {
    const src = await writeFixtureCourse(join(work, 'src'), { version: 'one' });
    const error = await packCourse(src, { cwd: work }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CourseValidationError);
    expect((error as Error).message).toContain('course.yaml:3:10 version: must be a semantic version such as "1.0.0", got "one"');
    expect(await folderFingerprint(work)).not.toContainEqual(expect.stringMatching(/\.tar\.gz/));
  });

  it('refuses to pack a folder whose symlink leaves it', async () => {
    const src = await writeFixtureCourse(join(work, 'src'));
    await symlink('/etc/hostname', join(src, 'steps', 'host.md'));
    await expect(packCourse(src, { cwd: work })).rejects.toThrow(/symbolic link "steps\/host\.md" points outside the course folder/);
  });
});
