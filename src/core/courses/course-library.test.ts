import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { c as createTar } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database';
import type { Clock } from '../time/clock';
import { buildZip, folderFingerprint, libraryRows, writeBuffer } from './course-archives.test-support';
import { CourseVersionError } from './course-errors';
import { writeFixtureCourse } from './course-fixture';
import { CourseLibrary } from './course-library';

let work: string;
let db: Db;
let library: CourseLibrary;
let now = 1_700_000_000_000;
const clock: Clock = { now: () => now, sleep: async () => undefined };

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'lc-library-'));
  db = openDatabase({ path: ':memory:' });
  library = new CourseLibrary({ db, home: join(work, 'home'), clock });
});
afterEach(async () => {
  db.close();
  await rm(work, { recursive: true, force: true });
});

async function fixture(name: string, options: Parameters<typeof writeFixtureCourse>[1] = {}): Promise<string> {
  return writeFixtureCourse(join(work, name), options);
}

async function zipOf(folder: string, name: string): Promise<string> {
  const files = [
    'course.yaml',
    'lab/lab.yaml',
    'images/diagram.png',
    'checks/first.sh',
    'checks/any.sh',
    'steps/step-1.md',
    'steps/step-2.md',
    'steps/step-3.md',
  ];
  const entries = await Promise.all(files.map(async (f) => ({ name: f, content: await readFile(join(folder, f)) })));
  return writeBuffer(join(work, name), await buildZip(entries));
}

describe('CourseLibrary import', () => {
  it('imports a folder, and keeps everything needed to read it in the library', async () => {
    const result = await library.import(await fixture('src'));
    expect(result.previousVersion).toBeNull();
    expect(result.course).toMatchObject({ id: 'sample-course', version: '1.0.0', stepCount: 3, protocols: ['ssh', 'rdp'] });
    expect(library.list().map((c) => c.id)).toEqual(['sample-course']);
    const step = await library.readStep('sample-course', 'step-2');
    expect(step.markdown).toContain('# Step 2 step-2');
    expect(step.images).toEqual([
      expect.objectContaining({ ref: '../images/diagram.png', bundlePath: 'images/diagram.png', mediaType: 'image/png' }),
    ]);
    expect(step.images[0]?.filePath.startsWith(library.dir)).toBe(true);
    await expect(readFile(step.images[0]?.filePath ?? '')).resolves.toBeInstanceOf(Buffer);
    expect(step).toMatchObject({ index: 1, previousStepId: 'step-1', nextStepId: 'step-3', status: 'not_started' });
  });

  it('imports a .zip built with yazl', async () => {
    const zip = await zipOf(await fixture('src'), 'course.zip');
    const result = await library.import(zip);
    expect(result.course.id).toBe('sample-course');
    expect((await library.readStep('sample-course', 'step-1')).markdown).toContain('echo step-0');
  });

  it('imports a .tar.gz built with tar, wrapped in one top folder', async () => {
    const src = await fixture(join('wrap', 'sample-course-1.0.0'));
    const archive = join(work, 'course.tar.gz');
    await createTar({ gzip: true, file: archive, cwd: join(work, 'wrap') }, ['sample-course-1.0.0']);
    const result = await library.import(archive);
    expect(result.course.version).toBe('1.0.0');
    expect(await folderFingerprint(library.courseDir('sample-course'))).toEqual(await folderFingerprint(src));
  });

  it('stores a symlink that stays inside a course folder as a plain copy of its file', async () => {
    const src = await fixture('src');
    await symlink('step-1.md', join(src, 'steps', 'alias.md'));
    await library.import(src);
    const files = await folderFingerprint(library.courseDir('sample-course'));
    const hash = (name: string): string | undefined => files.find((l) => l.startsWith(`${name} `))?.split(' ')[1];
    expect(hash('steps/alias.md')).toBe(hash('steps/step-1.md'));
  });

  it('replaces an older version and keeps progress by step id', async () => {
    await library.import(await fixture('v1', { stepIds: ['intro', 'files', 'processes'] }));
    library.setProgress('sample-course', 'intro', 'completed');
    library.setProgress('sample-course', 'processes', 'completed');
    library.openStep('sample-course', 'files');
    now += 60_000;
    const v2 = await fixture('v2', { version: '1.1.0', stepIds: ['intro', 'files', 'services'] });
    const result = await library.import(v2);
    expect(result.previousVersion).toBe('1.0.0');
    expect(library.getProgress('sample-course')).toEqual({ intro: 'completed', files: 'visited', services: 'not_started' });
    expect(library.getLastStep('sample-course')).toBe('files');
    expect(library.list()[0]).toMatchObject({ version: '1.1.0', completedSteps: 1, importedAt: now, lastStepId: 'files' });
    expect(await readFile(join(library.courseDir('sample-course'), 'steps', 'services.md'), 'utf8')).toContain('services');
  });

  it('forgets the last position when its step is gone from the new version', async () => {
    await library.import(await fixture('v1', { stepIds: ['intro', 'old'] }));
    library.setLastStep('sample-course', 'old');
    await library.import(await fixture('v2', { version: '2.0.0', stepIds: ['intro', 'new'] }));
    expect(library.getLastStep('sample-course')).toBeNull();
  });

  it('refuses an equal or older version without force, and leaves the library as it was', async () => {
    await library.import(await fixture('v2', { version: '2.0.0' }));
    library.setProgress('sample-course', 'step-1', 'completed');
    const before = [await folderFingerprint(library.dir), libraryRows(db)];
    for (const version of ['2.0.0', '1.9.9']) {
      const other = await fixture(`v-${version}`, { version, title: 'Other title' });
      const error = await library.import(other).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CourseVersionError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `"sample-course" 2\\.0\\.0 is already in the library; the bundle has version ${version.replace(/\./g, '\\.')}, which is not newer\\. Import with --force`,
        ),
      );
    }
    expect([await folderFingerprint(library.dir), libraryRows(db)]).toEqual(before);
  });

  it('replaces an equal or older version with force', async () => {
    await library.import(await fixture('v2', { version: '2.0.0' }));
    const older = await fixture('v1', { version: '1.0.0', title: 'Rolled back' });
    const result = await library.import(older, { force: true });
    expect(result).toMatchObject({ previousVersion: '2.0.0', course: { version: '1.0.0', title: 'Rolled back' } });
  });

  it('removes a course with its files and progress', async () => {
    await library.import(await fixture('src'));
    library.setProgress('sample-course', 'step-1', 'completed');
    await library.remove('sample-course');
    expect(library.list()).toEqual([]);
    expect(await folderFingerprint(library.dir)).toEqual([]);
    expect(libraryRows(db)).toEqual({ courses: [], progress: [], position: [] });
  });
});

describe('CourseLibrary progress and search', () => {
  it('stores progress per step and counts completed steps', async () => {
    await library.import(await fixture('src'));
    library.openStep('sample-course', 'step-2');
    library.setProgress('sample-course', 'step-1', 'completed');
    const detail = library.get('sample-course');
    expect(detail.steps.map((s) => s.status)).toEqual(['completed', 'visited', 'not_started']);
    expect(detail).toMatchObject({
      completedSteps: 1,
      lastStepId: 'step-2',
      connections: [
        { name: 'terminal', protocol: 'ssh' },
        { name: 'desktop', protocol: 'rdp' },
      ],
    });
    library.setProgress('sample-course', 'step-1', 'not_started');
    expect(library.getProgress('sample-course')['step-1']).toBe('not_started');
    expect(() => library.setProgress('sample-course', 'nope', 'completed')).toThrow('Course "sample-course" has no step "nope".');
  });

  it('marks a step done when its checks all pass, solved when its solution ran, and a solved step stays solved', async () => {
    await library.import(await fixture('src'));
    library.openStep('sample-course', 'step-1');
    expect(library.stepPassed('sample-course', 'step-1')).toBe('completed');
    expect(library.stepSolved('sample-course', 'step-2')).toBe('solved');
    // Checks passing after the solution ran show it works, not that the learner did it.
    expect(library.stepPassed('sample-course', 'step-2')).toBe('solved');
    expect(library.getProgress('sample-course')).toEqual({ 'step-1': 'completed', 'step-2': 'solved', 'step-3': 'not_started' });
    // Both are steps behind the learner on the course's card.
    expect(library.list()[0]?.completedSteps).toBe(2);
  });

  it('finds steps across courses by their text and title, with a snippet, and follows imports and removals', async () => {
    await library.import(await fixture('a', { id: 'course-a', title: 'Alpha course' }));
    await library.import(
      await fixture('b', {
        id: 'course-b',
        title: 'Beta course',
        steps: 2,
        extraFiles: { 'steps/step-2.md': '# Daemons\n\nA systemd unit keeps the ticker daemon running.\n' },
      }),
    );
    const hits = await library.search('systemd');
    expect(hits[0]).toMatchObject({ courseId: 'course-b', stepId: 'step-2', title: 'Step 2 step-2', courseTitle: 'Beta course' });
    expect(hits[0]?.snippet).toContain('systemd unit keeps the ticker');
    expect((await library.search('alpha')).map((h) => [h.courseId, h.stepId])[0]).toEqual(['course-a', null]);

    await library.import(await fixture('b2', { id: 'course-b', title: 'Beta course', version: '1.0.1', steps: 2 }));
    expect(await library.search('systemd')).toEqual([]);
    await library.remove('course-a');
    expect((await library.search('alpha')).length).toBe(0);
  });

  it('saves the search index for the next start and rebuilds it when the library changed elsewhere', async () => {
    await library.import(await fixture('a', { id: 'course-a', title: 'Alpha course' }));
    const before = await library.search('alpha');
    expect(before[0]).toMatchObject({ courseId: 'course-a', stepId: null });
    const saved = await readFile(join(library.dir, '.search-index'), 'utf8');

    const restarted = new CourseLibrary({ db, home: join(work, 'home'), clock });
    expect(await restarted.search('alpha')).toEqual(before);
    expect(await readFile(join(library.dir, '.search-index'), 'utf8')).toBe(saved);

    // Another process (the CLI) imports while this library's index is not loaded.
    const cli = new CourseLibrary({ db, home: join(work, 'home'), clock });
    await cli.import(await fixture('b', { id: 'course-b', title: 'Beta course' }));
    const later = new CourseLibrary({ db, home: join(work, 'home'), clock });
    expect(new Set((await later.search('beta')).map((h) => h.courseId))).toEqual(new Set(['course-b']));
  });

  it('says which file is missing when course files were deleted behind its back', async () => {
    await library.import(await fixture('src'));
    await rm(join(library.courseDir('sample-course'), 'steps', 'step-2.md'));
    await expect(library.readStep('sample-course', 'step-2')).rejects.toThrow(
      /The file "steps\/step-2\.md" of course "sample-course" is missing from the library .*Import the course again\./,
    );
  });

  it('resolves only image files inside the course folder', async () => {
    await library.import(await fixture('src'));
    expect(await library.resolveImage('sample-course', 'images/diagram.png')).toMatchObject({ mediaType: 'image/png' });
    expect(await library.resolveImage('sample-course', '../../etc/passwd')).toBeUndefined();
    expect(await library.resolveImage('sample-course', 'course.yaml')).toBeUndefined();
    expect(await library.resolveImage('other', 'images/diagram.png')).toBeUndefined();
  });

  it('cleans staging folders left by a killed import', async () => {
    await mkdir(join(library.dir, '.staging-old'));
    await writeFile(join(library.dir, '.staging-old', 'x'), 'partial');
    now = Date.now() + 2 * 60 * 60 * 1000;
    await library.cleanStaleStaging();
    expect(await folderFingerprint(library.dir)).toEqual([]);
  });
});
