/**
 * `cohort list` against the sandbox sends Keystone's requests and Heat's stack listings before it
 * opens the data folder's store: the store's SQLite, its schema and the course library are set up
 * while Heat lists the stacks, not before the listings leave. The listing still keeps each lab's
 * events there.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../src/core/cli/cli-main';
import { homeLayout } from '../../src/core/store/home';
import { openDatabase } from '../../src/core/store/database';
import { CohortListing } from '../../src/shared/cohort/cohort-lab';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { oneLabCourse } from './one-lab-course';

describeWithSandbox('cohort list: the stack listings leave before the store opens', (sandbox) => {
  const lab = oneLabCourse(sandbox, 'order');
  const { course } = lab;

  it('has written every stack listing when the store file does not exist yet, and fills the store after', async () => {
    const home = join(lab.dir(), 'home');
    const store = homeLayout(home).database;
    const requests: { path: string; storeExisted: boolean }[] = [];
    // Synchronous with undici's write of each request's headers: what the data folder holds at that moment.
    const sent = (message: unknown): void => {
      const { request } = message as { request: { path: string } };
      requests.push({ path: request.path, storeExisted: existsSync(store) });
    };
    subscribe('undici:client:sendHeaders', sent);
    let out = '';
    let err = '';
    try {
      const code = await runCli(['--home', home, '--os-cloud', 'instructor', '--json', 'cohort', 'list', '--course', course], {
        streams: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
        env: lab.cloudsEnv(),
      });
      expect(code, err).toBe(0);
    } finally {
      unsubscribe('undici:client:sendHeaders', sent);
    }
    expect(requests[0]).toEqual({ path: '/v3/auth/tokens', storeExisted: false });
    // One listing per project the instructor reaches (the sandbox's learners and the instructor's own).
    const listings = requests.filter((r) => /\/stacks\?/.test(r.path));
    expect(listings.length).toBeGreaterThanOrEqual(lab.state().learners.length);
    expect(listings.filter((r) => r.storeExisted)).toEqual([]);
    expect(requests.at(-1)?.storeExisted).toBe(true);
    expect(CohortListing.parse(JSON.parse(out)).labs).toHaveLength(1);
    // The lab's events were kept in the store for the next listing.
    const db = openDatabase({ path: store });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM cohort_stack_events').get() as { n: number }).n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  }, 120_000);

  it('still fails with the store’s own error when the store cannot open (written by a newer version)', async () => {
    const home = join(lab.dir(), 'newer');
    const db = openDatabase({ path: homeLayout(home).database });
    db.pragma('user_version = 999');
    db.close();
    let out = '';
    let err = '';
    const code = await runCli(['--home', home, '--os-cloud', 'instructor', 'cohort', 'list', '--course', course], {
      streams: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
      env: lab.cloudsEnv(),
    });
    expect(code).not.toBe(0);
    expect(err).toContain('written by a newer Lab Console');
    expect(out).toBe('');
  }, 120_000);
});
