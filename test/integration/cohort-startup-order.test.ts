/**
 * `cohort list` against the sandbox sends Keystone's requests and Heat's stack listings before it
 * opens the data folder's store: the store's SQLite, its schema and the course library are set up
 * while Heat lists the stacks, not before the listings leave. The listing still keeps each lab's
 * events there. From the start-up snapshot, its token request leaves before commander's program is built.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { expect, it, vi } from 'vitest';
import { runCli } from '../../src/core/cli/cli-main';
import { runFromSnapshot } from '../../src/core/cli/cli-snapshot-run';
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

  it('sends the token request before commander parses the arguments when run from the start-up snapshot, and lists as without it', async () => {
    const home = join(lab.dir(), 'snapshot');
    const parse = vi.spyOn(Command.prototype, 'parseAsync');
    // Per request, as undici writes its headers: its path, and whether commander's program had parsed the arguments yet.
    const requests: { path: string; parsed: number }[] = [];
    const sent = (message: unknown): void => {
      const { request } = message as { request: { path: string } };
      requests.push({ path: request.path, parsed: parse.mock.calls.length });
    };
    subscribe('undici:client:sendHeaders', sent);
    let out = '';
    let err = '';
    try {
      const code = await runFromSnapshot(
        ['--home', home, '--os-cloud', 'instructor', '--json', 'cohort', 'list', '--course', course],
        lab.cloudsEnv(),
        {
          stdout: (t) => void (out += t),
          stderr: (t) => void (err += t),
        },
      );
      expect(code, err).toBe(0);
    } finally {
      unsubscribe('undici:client:sendHeaders', sent);
      parse.mockRestore();
    }
    expect(requests[0]).toEqual({ path: '/v3/auth/tokens', parsed: 0 });
    // The command took that login over: it logs in as many times as a run without the head start.
    const plainLogins: string[] = [];
    const plainSent = (message: unknown): void => void plainLogins.push((message as { request: { path: string } }).request.path);
    subscribe('undici:client:sendHeaders', plainSent);
    try {
      const plain = ['--home', join(lab.dir(), 'plain'), '--os-cloud', 'instructor', '--json', 'cohort', 'list', '--course', course];
      expect(await runCli(plain, { streams: { stdout: () => undefined, stderr: () => undefined }, env: lab.cloudsEnv() })).toBe(0);
    } finally {
      unsubscribe('undici:client:sendHeaders', plainSent);
    }
    const logins = (paths: string[]): number => paths.filter((p) => p === '/v3/auth/tokens').length;
    expect(logins(requests.map((r) => r.path))).toBe(logins(plainLogins));
    expect(requests.slice(1).every((r) => r.parsed === 1)).toBe(true);
    expect(CohortListing.parse(JSON.parse(out)).labs).toHaveLength(1);
  }, 120_000);
});
