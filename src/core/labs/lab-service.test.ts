import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/support/temp-home';
import type { CourseManifest } from '../../shared/course/course-manifest';
import { openDatabase, type Db } from '../store/database';
import { MemorySecretStore } from '../store/secret-store';
import { systemClock } from '../time/clock';
import type { LabClouds } from './lab-clouds';
import { LabService } from './lab-service';

/** No job runs here (no worker is started): the lab service only records and reads requests. */
const noClouds: LabClouds = {
  providers: () => [],
  connection: () => Promise.reject(new Error('no cloud in this test')),
  close: async () => undefined,
};

describe('LabService.view', () => {
  const opened: Array<{ db: Db; home: ReturnType<typeof tempHome> }> = [];
  afterEach(() => {
    for (const { db, home } of opened.splice(0)) {
      db.close();
      home.remove();
    }
  });

  function service(): LabService {
    const home = tempHome('lc-lab-service-');
    const db = openDatabase({ path: join(home.path, 'lab-console.db') });
    opened.push({ db, home });
    return new LabService({
      db,
      secrets: new MemorySecretStore(),
      courses: {
        manifest: (id) => {
          throw new Error(`no course ${id} in this test`);
        },
        courseDir: (id) => join(home.path, id),
      } satisfies { manifest(id: string): CourseManifest; courseDir(id: string): string },
      clouds: noClouds,
      clock: systemClock,
    });
  }

  it("shows a course's latest job even after more than 20 newer jobs of other courses", () => {
    const labs = service();
    const ended = labs.queue.cancel(labs.request('lab.launch', 'course-a').id);
    const active = labs.request('lab.launch', 'course-b');
    for (let i = 0; i < 25; i++) labs.request('lab.launch', `other-${i}`);

    expect(labs.view('course-a').activity).toMatchObject({ jobId: ended.id, type: 'lab.launch', status: 'cancelled' });
    expect(labs.view('course-b').activity).toMatchObject({ jobId: active.id, type: 'lab.launch', status: 'queued' });
  });
});
