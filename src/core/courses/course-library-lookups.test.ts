import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../store/database';
import { CourseLibrary } from './course-library';

/*
 * The packages only importing, converting, searching or showing a course needs: loading any of
 * them fails this file. A command that only looks courses up (`cohort list` reading a course's
 * rates) must start without paying for them.
 */
const { loaded } = vi.hoisted(() => ({
  loaded: (name: string) => () => {
    throw new Error(`${name} was loaded`);
  },
}));
vi.mock('marked', loaded('marked'));
vi.mock('yauzl', loaded('yauzl'));
vi.mock('tar', loaded('tar'));
vi.mock('parse5', loaded('parse5'));
vi.mock('minisearch', loaded('minisearch'));
vi.mock('semver/functions/gt.js', loaded('semver'));

let work: string | undefined;
afterEach(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a course library used only for look-ups', () => {
  it('opens, lists and looks courses up without loading the import, search and markdown packages', async () => {
    work = await mkdtemp(join(tmpdir(), 'lc-library-lookups-'));
    const db = openDatabase({ path: ':memory:' });
    try {
      const library = new CourseLibrary({ db, home: join(work, 'home') });
      expect(library.list()).toEqual([]);
      expect(library.findManifest('no-such-course')).toBeUndefined();
    } finally {
      db.close();
    }
  });
});
