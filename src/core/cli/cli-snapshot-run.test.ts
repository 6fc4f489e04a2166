import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refusingKeystone } from '../../../test/support/cloud-check-process';
import { testHome } from '../../../test/support/temp-home';
import { runFromSnapshot } from './cli-snapshot-run';
import { runCli } from './cli-main';
import { cloudCheckArguments, startCloudCheckEarly } from './commands/cloud-check-head-start';
import { cohortListingArguments, startCohortListingEarly } from './commands/cohort-head-start';
import { drop } from './commands/login-head-start';

/** A data folder whose clouds.yaml names `c`, on a Keystone that refuses every login; removed by `cleanup`. */
async function refusedCloud(cleanup: (() => void)[]): Promise<{ home: string; env: NodeJS.ProcessEnv; seen: string[] }> {
  const keystone = await refusingKeystone();
  const home = testHome('lc-head-start-');
  cleanup.push(() => keystone.server.close(), home.remove);
  const cloudsYaml = join(home.path, 'clouds.yaml');
  writeFileSync(
    cloudsYaml,
    `clouds:\n  c:\n    auth: { auth_url: 'http://127.0.0.1:${keystone.port}/v3', username: u, password: p, project_name: p }\n`,
  );
  return {
    home: home.path,
    env: { OS_CLIENT_CONFIG_FILE: cloudsYaml, OS_CLIENT_SECURE_FILE: join(home.path, 'none.yaml') },
    seen: keystone.seen,
  };
}

/** How many times commander had parsed when each request's headers were written. */
function parsedAtEachRequest(cleanup: (() => void)[]): number[] {
  const parse = vi.spyOn(Command.prototype, 'parseAsync');
  const parsedAtRequest: number[] = [];
  const onRequest = (): void => void parsedAtRequest.push(parse.mock.calls.length);
  subscribe('undici:client:sendHeaders', onRequest);
  cleanup.push(
    () => parse.mockRestore(),
    () => unsubscribe('undici:client:sendHeaders', onRequest),
  );
  return parsedAtRequest;
}

describe('a run from the start-up snapshot', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  it("sends cloud check's login before commander parses the arguments, once, and reports its answer as a run without it does", async () => {
    const cloud = await refusedCloud(cleanup);
    const parsedAtRequest = parsedAtEachRequest(cleanup);
    let stderr = '';
    const code = await runFromSnapshot(['--home', cloud.home, 'cloud', 'check', '--os-cloud', 'c'], cloud.env, {
      stdout: () => undefined,
      stderr: (text) => void (stderr += text),
    });
    expect(parsedAtRequest).toEqual([0]);
    expect(cloud.seen).toEqual(['POST /v3/auth/tokens']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/refused the login .*HTTP 401/);
  });

  it('leaves a head start of another cloud unused: the command checks the cloud commander read, and reports it', async () => {
    const cloud = await refusedCloud(cleanup);
    const { env } = cloud;
    let stderr = '';
    const streams = { stdout: () => undefined, stderr: (text: string) => void (stderr += text) };
    const cloudCheckHeadStart = startCloudCheckEarly(['--home', cloud.home, 'cloud', 'check', '--os-cloud', 'c'], env, streams.stderr);
    expect(cloudCheckHeadStart).toBeDefined();
    const code = await runCli(['--home', cloud.home, 'cloud', 'check', '--os-cloud', 'missing'], { streams, env, cloudCheckHeadStart });
    expect(code).toBe(2);
    expect(stderr).toMatch(/"missing" was not found/);
    // The head start's own check ran to its end on its connection, which was then closed.
    await expect(drop(cloudCheckHeadStart!)).resolves.toBeUndefined();
    expect(cloud.seen).toEqual(['POST /v3/auth/tokens']);
  });

  it('reads a plain cloud check and its options as commander does, and nothing else', () => {
    expect(cloudCheckArguments(['cloud', 'check'])).toEqual({ verbose: false, options: {}, flags: [] });
    // commander's program takes --os-cloud wherever it is given: the last one wins.
    expect(
      cloudCheckArguments(['--home', '/h', '--os-cloud', 'a', 'cloud', 'check', '--os-cloud=b', '--os-region-name', 'R', '-v']),
    ).toEqual({ home: '/h', cloud: 'b', options: { '--os-region-name': 'R' }, flags: [], verbose: true });
    expect(cloudCheckArguments(['cloud', 'check', '--json', '--home=/h'])).toEqual({ home: '/h', verbose: false, options: {}, flags: [] });
    for (const argv of [
      ['cloud', 'check', '--help'],
      ['cloud', 'check', '-h'],
      ['cloud', 'list'],
      ['cloud', 'check', 'extra'],
      ['cohort', 'list'],
      ['--os-region-name', 'R', 'cloud', 'check'],
      ['cloud', 'check', '--os-cloud'],
      ['cloud', 'check', '--os-cloud', '--json'],
      ['help', 'cloud', 'check'],
      ['constructor', 'cloud', 'check'],
    ])
      expect(cloudCheckArguments(argv), argv.join(' ')).toBeUndefined();
  });
});

describe('cohort list from the start-up snapshot', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  function capture(): { streams: { stdout: (t: string) => void; stderr: (t: string) => void }; out: () => string; err: () => string } {
    let out = '';
    let err = '';
    return {
      streams: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
      out: () => out,
      err: () => err,
    };
  }

  it('sends the login before commander parses the arguments, once, and reports its refusal as a run without it does', async () => {
    const cloud = await refusedCloud(cleanup);
    const parsedAtRequest = parsedAtEachRequest(cleanup);
    // The cloud from LAB_CONSOLE_INSTRUCTOR_CLOUD, as the command reads it.
    const env = { ...cloud.env, LAB_CONSOLE_INSTRUCTOR_CLOUD: 'c' };
    const argv = ['--home', cloud.home, 'cohort', 'list', '--course', 'demo'];
    const early = capture();
    const code = await runFromSnapshot(argv, env, early.streams);
    expect(parsedAtRequest).toEqual([0]);
    expect(cloud.seen).toEqual(['POST /v3/auth/tokens']);
    const plain = capture();
    const plainCode = await runCli(argv, { streams: plain.streams, env });
    expect([code, early.out(), early.err()]).toEqual([plainCode, plain.out(), plain.err()]);
    expect(code).toBe(1);
    expect(early.err()).toMatch(/HTTP 401/);
  });

  it("sends cohort export's login first as well, and reports its refusal as a run without it does", async () => {
    const cloud = await refusedCloud(cleanup);
    const argv = ['--home', cloud.home, '--os-cloud', 'c', 'cohort', 'export', '--course', 'demo', '--csv', join(cloud.home, 'out.csv')];
    const parsedAtRequest = parsedAtEachRequest(cleanup);
    const early = capture();
    const code = await runFromSnapshot(argv, cloud.env, early.streams);
    expect(parsedAtRequest).toEqual([0]);
    expect(cloud.seen).toEqual(['POST /v3/auth/tokens']);
    const plain = capture();
    expect([code, early.err()]).toEqual([await runCli(argv, { streams: plain.streams, env: cloud.env }), plain.err()]);
    expect(code).toBe(1);
  });

  it('closes a head start of another cloud unused: the command reports the cloud commander read', async () => {
    const cloud = await refusedCloud(cleanup);
    const out = capture();
    const cohortHeadStart = startCohortListingEarly(
      ['--home', cloud.home, 'cohort', 'list', '--course', 'demo', '--os-cloud', 'c'],
      cloud.env,
      out.streams.stderr,
    );
    expect(cohortHeadStart?.inputs.cloudName).toBe('c');
    const argv = ['--home', cloud.home, 'cohort', 'list', '--course', 'demo', '--os-cloud', 'missing'];
    const code = await runCli(argv, { streams: out.streams, env: cloud.env, cohortHeadStart });
    expect(code).toBe(2);
    expect(out.err()).toMatch(/"missing" was not found/);
    await expect(drop(cohortHeadStart!)).resolves.toBeUndefined();
    expect(cloud.seen).toEqual(['POST /v3/auth/tokens']);
  });

  it("reports the command's usage error first, and closes the head start", async () => {
    const cloud = await refusedCloud(cleanup);
    const argv = ['--home', cloud.home, '--os-cloud', 'c', 'cohort', 'list', '--course', 'demo', '--concurrency', '0'];
    const early = capture();
    const cohortHeadStart = startCohortListingEarly(argv, cloud.env, early.streams.stderr);
    expect(cohortHeadStart).toBeDefined();
    const code = await runCli(argv, { streams: early.streams, env: cloud.env, cohortHeadStart });
    const plain = capture();
    expect([code, early.err()]).toEqual([await runCli(argv, { streams: plain.streams, env: cloud.env }), plain.err()]);
    expect(code).toBe(2);
    await expect(drop(cohortHeadStart!)).resolves.toBeUndefined();
  });

  it('reports an unknown cloud as a run without it does, and sends nothing', async () => {
    const cloud = await refusedCloud(cleanup);
    const argv = ['--home', cloud.home, '--os-cloud', 'nowhere', 'cohort', 'list', '--course', 'demo'];
    const early = capture();
    const code = await runFromSnapshot(argv, cloud.env, early.streams);
    const plain = capture();
    expect([code, early.err()]).toEqual([await runCli(argv, { streams: plain.streams, env: cloud.env }), plain.err()]);
    expect(code).toBe(2);
    expect(cloud.seen).toEqual([]);
  });

  it('reads a plain cohort list or export and its options as commander does, and nothing else', () => {
    expect(cohortListingArguments(['cohort', 'list', '--course', 'k'])).toEqual({
      verbose: false,
      options: { '--course': 'k' },
      flags: [],
    });
    expect(
      cohortListingArguments([
        '-v',
        '--os-cloud=a',
        'cohort',
        'list',
        '--course=k',
        '--scores',
        '--cohort',
        'x',
        '--projects',
        'p',
        '--concurrency',
        '4',
        '--home',
        '/h',
      ]),
    ).toEqual({
      home: '/h',
      cloud: 'a',
      verbose: true,
      options: { '--course': 'k', '--cohort': 'x', '--projects': 'p', '--concurrency': '4' },
      flags: ['--scores'],
    });
    for (const argv of [
      ['cohort', 'list'],
      ['cohort', 'list', '--course', 'k', '--help'],
      ['cohort', '--course', 'k', 'list'],
      ['--course', 'k', 'cohort', 'list'],
      ['cohort', 'export', '--course', 'k'],
      ['cohort', 'export', '--csv', 'f'],
      ['cohort', 'export', '--course', 'k', '--csv', 'f', '--scores'],
      ['cohort', 'report', '--course', 'k'],
      ['cohort', 'list', '--course', 'k', '--csv', 'f'],
      ['cohort', 'list', '--course', '--scores'],
      ['--scores', 'cohort', 'list', '--course', 'k'],
      ['cloud', 'check'],
    ])
      expect(cohortListingArguments(argv), argv.join(' ')).toBeUndefined();
    expect(cloudCheckArguments(['cohort', 'list', '--course', 'k'])).toBeUndefined();
    expect(cohortListingArguments(['cohort', 'export', '--csv=f', '--course', 'k', '--projects', 'p'])).toEqual({
      verbose: false,
      options: { '--course': 'k', '--csv': 'f', '--projects': 'p' },
      flags: [],
    });
  });
});
