import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database';
import { buildZip } from './course-archives.test-support';
import { courseHandlers } from './course-handlers';
import { CourseLibrary } from './course-library';

let work: string;
let db: Db;
let handlers: ReturnType<typeof courseHandlers>;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'lc-upload-test-'));
  db = openDatabase({ path: ':memory:' });
  handlers = courseHandlers(new CourseLibrary({ db, home: join(work, 'home'), clock: { now: () => 0, sleep: async () => undefined } }));
});
afterEach(async () => {
  db.close();
  await rm(work, { recursive: true, force: true });
});

async function failureOf(fileName: string, bytes: Buffer): Promise<string> {
  try {
    await handlers['course.importBytes']({ fileName, base64: bytes.toString('base64'), force: false });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the upload was imported');
}

describe('a course bundle uploaded through the UI', () => {
  it('names the file the learner chose when it is no archive, never the copy the app made of it', async () => {
    const message = await failureOf('My Course (v2).zip', Buffer.from('this is not a zip file at all'));
    expect(message).toContain('My Course (v2).zip');
    expect(message).not.toMatch(/lc-upload-|bundle\.zip|\/tmp\//);
  });

  it('names the chosen file when the archive holds no course', async () => {
    const message = await failureOf('empty.zip', await buildZip([{ name: 'README.txt', content: Buffer.from('hello') }]));
    expect(message).toContain('empty.zip');
    expect(message).not.toMatch(/lc-upload-|bundle\.zip|\/tmp\//);
  });
});
