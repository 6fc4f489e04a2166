import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refusingKeystone } from '../../../test/support/cloud-check-process';
import { testHome } from '../../../test/support/temp-home';
import { runFromSnapshot } from './cli-snapshot-run';
import { runCli } from './cli-main';
import { cloudCheckArguments, drop, startCloudCheckEarly } from './commands/cloud-check-head-start';

describe('a run from the start-up snapshot', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  it("sends cloud check's login before commander parses the arguments, once, and reports its answer as a run without it does", async () => {
    const keystone = await refusingKeystone();
    const home = testHome('lc-head-start-');
    cleanup.push(() => keystone.server.close(), home.remove);
    const parse = vi.spyOn(Command.prototype, 'parseAsync');
    cleanup.push(() => parse.mockRestore());
    // How many times commander had parsed when each request's headers were written.
    const parsedAtRequest: number[] = [];
    const onRequest = (): void => void parsedAtRequest.push(parse.mock.calls.length);
    subscribe('undici:client:sendHeaders', onRequest);
    cleanup.push(() => unsubscribe('undici:client:sendHeaders', onRequest));
    const cloudsYaml = join(home.path, 'clouds.yaml');
    writeFileSync(
      cloudsYaml,
      `clouds:\n  c:\n    auth: { auth_url: 'http://127.0.0.1:${keystone.port}/v3', username: u, password: p, project_name: p }\n`,
    );
    let stderr = '';
    const code = await runFromSnapshot(
      ['--home', home.path, 'cloud', 'check', '--os-cloud', 'c'],
      { OS_CLIENT_CONFIG_FILE: cloudsYaml, OS_CLIENT_SECURE_FILE: join(home.path, 'none.yaml') },
      { stdout: () => undefined, stderr: (text) => void (stderr += text) },
    );
    expect(parsedAtRequest).toEqual([0]);
    expect(keystone.seen).toEqual(['POST /v3/auth/tokens']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/refused the login .*HTTP 401/);
  });

  it('leaves a head start of another cloud unused: the command checks the cloud commander read, and reports it', async () => {
    const keystone = await refusingKeystone();
    const home = testHome('lc-head-start-');
    cleanup.push(() => keystone.server.close(), home.remove);
    const cloudsYaml = join(home.path, 'clouds.yaml');
    writeFileSync(
      cloudsYaml,
      `clouds:\n  c:\n    auth: { auth_url: 'http://127.0.0.1:${keystone.port}/v3', username: u, password: p, project_name: p }\n`,
    );
    const env = { OS_CLIENT_CONFIG_FILE: cloudsYaml, OS_CLIENT_SECURE_FILE: join(home.path, 'none.yaml') };
    let stderr = '';
    const streams = { stdout: () => undefined, stderr: (text: string) => void (stderr += text) };
    const cloudCheckHeadStart = startCloudCheckEarly(['--home', home.path, 'cloud', 'check', '--os-cloud', 'c'], env, streams.stderr);
    expect(cloudCheckHeadStart).toBeDefined();
    const code = await runCli(['--home', home.path, 'cloud', 'check', '--os-cloud', 'missing'], { streams, env, cloudCheckHeadStart });
    expect(code).toBe(2);
    expect(stderr).toMatch(/"missing" was not found/);
    // The head start's own check ran to its end on its connection, which was then closed.
    await expect(drop(cloudCheckHeadStart!)).resolves.toBeUndefined();
    expect(keystone.seen).toEqual(['POST /v3/auth/tokens']);
  });

  it('reads a plain cloud check and its options as commander does, and nothing else', () => {
    expect(cloudCheckArguments(['cloud', 'check'])).toEqual({ verbose: false });
    expect(
      cloudCheckArguments(['--home', '/h', '--os-cloud', 'a', 'cloud', 'check', '--os-cloud=b', '--os-region-name', 'R', '-v']),
    ).toEqual({
      home: '/h',
      globalCloud: 'a',
      commandCloud: 'b',
      regionName: 'R',
      verbose: true,
    });
    expect(cloudCheckArguments(['cloud', 'check', '--json', '--home=/h'])).toEqual({ home: '/h', verbose: false });
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
