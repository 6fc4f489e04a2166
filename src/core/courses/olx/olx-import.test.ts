import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../store/database';
import { buildTarGz, folderFingerprint, libraryRows, writeBuffer } from '../course-archives.test-support';
import { CourseBundleError } from '../course-errors';
import { writeFixtureCourse } from '../course-fixture';
import { courseHandlers } from '../course-handlers';
import { CourseLibrary } from '../course-library';
import { copyCorpus, editCorpusFile, exportEntries, OLX_CORPUS, writeCorpusFile } from './olx-corpus.test-support';

let work: string;
let db: Db;
let library: CourseLibrary;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'lc-olx-import-'));
  db = openDatabase({ path: ':memory:' });
  library = new CourseLibrary({ db, home: join(work, 'home') });
});
afterEach(async () => {
  db.close();
  await rm(work, { recursive: true, force: true });
});

const ROUTING = 'hastexo-net101-routing-lab';

async function expectUntouched(source: string, kind: string, message: RegExp): Promise<void> {
  const before = [await folderFingerprint(library.dir), libraryRows(db)];
  const error = await library.import(source).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CourseBundleError);
  expect((error as CourseBundleError).kind).toBe(kind);
  expect((error as Error).message).toMatch(message);
  expect([await folderFingerprint(library.dir), libraryRows(db)]).toEqual(before);
  expect((await readdir(library.dir)).filter((n) => n.startsWith('.staging'))).toEqual([]);
}

describe('importing an Open edX export into the library', { timeout: 30_000 }, () => {
  it('imports every lab subsection of an export folder or .tar.gz as a course, with the conversion warnings', async () => {
    const archive = await writeBuffer(join(work, 'export.tar.gz'), buildTarGz(await exportEntries(OLX_CORPUS)));
    const result = await library.import(archive);
    expect(result.course).toMatchObject({ id: ROUTING, title: 'Networking 101 — Routing lab', stepCount: 3, protocols: ['ssh'] });
    expect(result.previousVersion).toBeNull();
    expect(result.more?.map((m) => [m.course.id, m.course.protocols])).toEqual([
      ['hastexo-net101-files-lab', ['ssh']],
      ['hastexo-net101-desktop-lab', ['rdp', 'ssh']],
      ['hastexo-net101-vnc-lab', ['vnc', 'ssh']],
    ]);
    expect(result.notes).toEqual(
      expect.arrayContaining([
        `${ROUTING}: os_password — cloud credentials in a course are ignored and never stored: each learner uses their own cloud (Settings › Clouds)`,
        `${ROUTING}: unit "Check your understanding" has a problem that Lab Console does not show`,
      ]),
    );
    expect(
      library
        .list()
        .map((c) => c.id)
        .sort(),
    ).toEqual(['hastexo-net101-desktop-lab', 'hastexo-net101-files-lab', ROUTING, 'hastexo-net101-vnc-lab']);
    const step = await library.readStep(ROUTING, 'routing_intro');
    expect(step.images.map((i) => i.bundlePath)).toEqual(['images/routing-table.png', 'images/topology.svg']);
    expect(await library.search('routing table')).toEqual(
      expect.arrayContaining([expect.objectContaining({ courseId: ROUTING, stepId: 'routing_intro' })]),
    );
  });

  it("takes the export's bytes the way the app's picker and drop hand them over", async () => {
    const bytes = buildTarGz(await exportEntries(OLX_CORPUS));
    const result = await courseHandlers(library)['course.importBytes']({
      fileName: 'networking-101.tar.gz',
      base64: bytes.toString('base64'),
      force: false,
    });
    expect([result.course.id, ...(result.more ?? []).map((m) => m.course.id)]).toHaveLength(4);
    expect(result.notes?.length).toBeGreaterThan(0);
  });

  it('replaces the courses on a newer export and keeps progress on units whose url_name remains', async () => {
    await library.import(OLX_CORPUS);
    library.setProgress(ROUTING, 'routing_intro', 'completed');
    library.setProgress(ROUTING, 'routing_practice', 'completed');
    library.setProgress(ROUTING, 'routing_quiz', 'visited');
    library.setLastStep(ROUTING, 'routing_practice');
    const first = library.get(ROUTING).version;

    const newer = await copyCorpus(join(work, 'newer'));
    await editCorpusFile(
      newer,
      'sequential/routing_lab.xml',
      '<vertical url_name="routing_quiz"/>',
      '<vertical url_name="routing_recap"/>',
    );
    await editCorpusFile(
      newer,
      'sequential/routing_lab.xml',
      '<vertical url_name="routing_intro"/>\n  <vertical url_name="routing_practice"/>',
      '<vertical url_name="routing_practice"/>\n  <vertical url_name="routing_intro"/>',
    );
    await writeCorpusFile(
      newer,
      'vertical/routing_recap.xml',
      '<vertical display_name="Recap"><html><p>Routes done.</p></html></vertical>',
    );
    const result = await library.import(newer);

    expect(result).toMatchObject({ course: { id: ROUTING }, previousVersion: first });
    expect(library.get(ROUTING).version).not.toBe(first);
    expect(library.getProgress(ROUTING)).toEqual({
      routing_practice: 'completed',
      routing_intro: 'completed',
      routing_recap: 'not_started',
    });
    expect(library.getLastStep(ROUTING)).toBe('routing_practice');
  });

  it('imports the same export again without --force (an export has no version to compare)', async () => {
    await library.import(OLX_CORPUS);
    await expect(library.import(OLX_CORPUS)).resolves.toMatchObject({ course: { id: ROUTING } });
  });

  it('does not replace an authored course of the same id without --force', async () => {
    await library.import(await writeFixtureCourse(join(work, 'authored'), { id: ROUTING, version: '2.0.0' }));
    const error = await library.import(OLX_CORPUS).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/already in the library; the bundle has version 1\.0\.0\+olx\.\w+, which is not newer/);
    expect(library.get(ROUTING).version).toBe('2.0.0');
    expect(library.list().map((c) => c.id)).toEqual([ROUTING]);
  });

  it('refuses a tar slip inside an export and leaves the library as it was', async () => {
    await library.import(await writeFixtureCourse(join(work, 'existing'), { id: 'existing-course' }));
    const entries = [...(await exportEntries(OLX_CORPUS)), { path: 'course/static/../../../evil.sh', content: Buffer.from('#!/bin/sh\n') }];
    await expectUntouched(await writeBuffer(join(work, 'slip.tar.gz'), buildTarGz(entries)), 'path-escape', /climbs out of the bundle/);
  });

  it('refuses an export with an entity bomb and leaves the library as it was', async () => {
    await library.import(await writeFixtureCourse(join(work, 'existing'), { id: 'existing-course' }));
    const corpus = await copyCorpus(join(work, 'bomb'));
    await writeCorpusFile(corpus, 'chapter/desktops.xml', '<!DOCTYPE c [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><chapter>&b;</chapter>');
    await expectUntouched(corpus, 'invalid', /chapter\/desktops\.xml:1:1 a DOCTYPE is refused/);
  });
});
