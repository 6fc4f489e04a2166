/**
 * What `cohort list` does after Heat's last answer: the listing is written while the cloud's
 * connections are still open (letting them go comes after), its check against the output's schema
 * was first run on the early listing, while Heat read the events, and a run that ends the process
 * (bin/lab-console) leaves the store's WAL checkpoint to the next open — every event it kept is
 * still read by the next listing, which then asks Heat for none of them.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { runCli, type RunCliOptions } from '../../src/core/cli/cli-main';
import { homeLayout } from '../../src/core/store/home';
import { openDatabase } from '../../src/core/store/database';
import { CohortListing } from '../../src/shared/cohort/cohort-lab';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { oneLabCourse } from './one-lab-course';

describeWithSandbox('cohort list: after the last answer', (sandbox) => {
  const lab = oneLabCourse(sandbox, 'ending');
  const { course } = lab;

  /** `cohort list --json` in this process; `onStdout` runs as the listing is written. */
  async function list(home: string, options: Partial<RunCliOptions> = {}, onStdout?: () => void) {
    let out = '';
    let err = '';
    const code = await runCli(['--home', home, '--os-cloud', 'instructor', '--json', 'cohort', 'list', '--course', course], {
      streams: {
        stdout: (t) => {
          onStdout?.();
          out += t;
        },
        stderr: (t) => void (err += t),
      },
      env: lab.cloudsEnv(),
      ...options,
    });
    expect(code, err).toBe(0);
    return CohortListing.parse(JSON.parse(out));
  }

  it('writes the listing before it closes the connections to Keystone and Heat, and closes them after', async () => {
    const sockets: Socket[] = [];
    const connected = (message: unknown): void => void sockets.push((message as { socket: Socket }).socket);
    subscribe('undici:client:connected', connected);
    // Keystone's server closes each of its connections itself; Heat's stay open until we let them go.
    let openWhenWritten: number | undefined;
    try {
      const listing = await list(join(lab.dir(), 'order'), {}, () => {
        openWhenWritten ??= sockets.filter((s) => !s.destroyed).length;
      });
      expect(listing.labs).toHaveLength(1);
    } finally {
      unsubscribe('undici:client:connected', connected);
    }
    expect(sockets.length).toBeGreaterThan(0);
    expect(openWhenWritten).toBeGreaterThan(0);
    expect(sockets.filter((s) => !s.destroyed)).toEqual([]);
  }, 120_000);

  it('leaves the WAL to the next open when the process ends after the run, and the next listing reads every kept event', async () => {
    const home = join(lab.dir(), 'ending');
    const store = homeLayout(home).database;
    // As bin/lab-console runs it. The store stays open in this process, as it would until the exit.
    expect((await list(home, { endsProcess: true })).labs).toHaveLength(1);
    expect(existsSync(`${store}-wal`)).toBe(true);
    expect(statSync(`${store}-wal`).size).toBeGreaterThan(0);
    const db = openDatabase({ path: store });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM cohort_stack_events').get() as { n: number }).n).toBe(1);
    } finally {
      db.close();
    }
    // The lab is still in its first state: its kept events are all of them, Heat is not asked again.
    const paths: string[] = [];
    const sent = (message: unknown): void => void paths.push((message as { request: { path: string } }).request.path);
    subscribe('undici:client:sendHeaders', sent);
    try {
      const again = await list(home);
      expect(again.labs).toHaveLength(1);
      expect(again.labs[0]!.since).not.toBeNull();
    } finally {
      unsubscribe('undici:client:sendHeaders', sent);
    }
    expect(paths.filter((p) => p.includes('/events'))).toEqual([]);
    expect(paths.filter((p) => /\/stacks\?/.test(p)).length).toBeGreaterThan(0);
  }, 120_000);

  it('checks the early listing (states, before the events) against the output schema before the last answer', async () => {
    // Called through: the spy only records what was checked.
    const check = vi.spyOn(CohortListing, 'safeParse');
    const checked = (): boolean[] => check.mock.calls.map(([value]) => (value as CohortListing).withEvents);
    let written: boolean[] | undefined;
    try {
      const listing = await list(join(lab.dir(), 'early'), {}, () => {
        written ??= checked();
      });
      expect(listing.withEvents).toBe(true);
    } finally {
      check.mockRestore();
    }
    expect(written).toEqual([false]);
  }, 120_000);
});
