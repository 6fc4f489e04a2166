import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, linkSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFileLine } from '../../scripts/cli-snapshot.mjs';
import { CLI, REPO_ROOT } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

/**
 * bin/lab-console, the POSIX launcher, starts node from the CLI's start-up snapshot
 * (dist/cli/lab-console.blob, scripts/cli-snapshot.mjs) and falls back to bin/lab-console.js
 * wherever the blob does not fit. Built by `npm run build` (npm test builds first).
 */
const LAUNCHER = join(REPO_ROOT, 'bin', 'lab-console');
const BUILT = join(REPO_ROOT, 'dist', 'cli');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function spawnIn(command: string, args: readonly string[], home: string, env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(command, [...args], {
    encoding: 'utf8',
    cwd: home,
    env: { ...process.env, OS_CLIENT_CONFIG_FILE: join(home, 'none.yaml'), OS_CLIENT_SECURE_FILE: join(home, 'none.yaml'), ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What the launcher at `launcher` prints for `args`, and the command it exec'd (from `sh -x`). */
function launch(launcher: string, args: readonly string[], home: string, env?: NodeJS.ProcessEnv): Run & { readonly exec: string } {
  const traced = spawnIn('/bin/sh', ['-x', launcher, '--home', home, ...args], home, env);
  const exec = traced.stderr.split('\n').find((line) => line.startsWith('+ exec ')) ?? '';
  const stderr = traced.stderr
    .split('\n')
    .filter((line) => !line.startsWith('+'))
    .join('\n');
  return { ...traced, stderr, exec };
}

/** The portable entry's output, the reference. */
function portable(args: readonly string[], home: string, env?: NodeJS.ProcessEnv): Run {
  return spawnIn(process.execPath, [CLI, '--home', home, ...args], home, env);
}

/** node's file as the launcher sees it. */
function nodeFileNow(): string {
  return nodeFileLine(process.execPath);
}

/** better-sqlite3's addon, which the snapshot's build found (src/core/store/sqlite-in-snapshot.ts). */
const SQLITE_ADDON = join(REPO_ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

const COMMANDS: readonly (readonly string[])[] = [
  ['--help'],
  ['--version'],
  ['cloud', 'check', '--help'],
  ['serv'],
  ['cloud', 'list'],
  ['--json', 'cloud', 'list'],
  ['cloud', 'check', '--os-cloud', 'no-such-cloud'],
  ['course', 'validate', join(REPO_ROOT, 'assets', 'sample-course')],
  ['lab', 'status', '--course', 'nope', '--os-cloud', 'no-such-cloud'],
];

function expectSameRun(actual: Run, expected: Run, args: readonly string[]): void {
  expect({ args, code: actual.code, stdout: actual.stdout, stderr: actual.stderr.trim() }).toEqual({
    args,
    code: expected.code,
    stdout: expected.stdout,
    stderr: expected.stderr.trim(),
  });
}

describe('the start-up snapshot of lab-console', () => {
  const home = tempHome('lc-snapshot-');
  afterAll(() => home.remove());

  it('is built beside dist/cli with the node, its file, the folder, the node version and the bundle hash it was built for', () => {
    const [node, nodeFile, folder, version, sha256] = readFileSync(join(BUILT, 'lab-console.blob.stamp'), 'utf8').trim().split('\n');
    expect(node).toBe(process.execPath);
    expect(nodeFile).toBe(nodeFileNow());
    expect(folder).toBe(realpathSync(REPO_ROOT));
    expect(version).toBe(process.version);
    expect(sha256).toBe(
      createHash('sha256')
        .update(readFileSync(join(BUILT, 'lab-console-snapshot.cjs')))
        .digest('hex'),
    );
    expect(readFileSync(join(BUILT, 'lab-console.blob')).length).toBeGreaterThan(1_000_000);
  });

  it('is what bin/lab-console starts from, printing and exiting exactly as bin/lab-console.js', () => {
    for (const args of COMMANDS) {
      const run = launch(LAUNCHER, args, home.path);
      const blob = args.includes('cloud') ? 'lab-console-cloud.blob' : 'lab-console.blob';
      expect(run.exec).toContain(`--snapshot-blob ${join(realpathSync(REPO_ROOT), 'dist', 'cli', blob)} -- --home`);
      expectSameRun(run, portable(args, home.path), args);
    }
  });

  it('starts the cloud commands, and only those, from a blob without the cohort commands and the app: a smaller heap to deserialise', () => {
    const cloudBlob = join(realpathSync(REPO_ROOT), 'dist', 'cli', 'lab-console-cloud.blob');
    expect(readFileSync(cloudBlob).length).toBeLessThan(readFileSync(join(BUILT, 'lab-console.blob')).length - 1_000_000);
    // The command's word past the global options, their values skipped (launch() gives --home first).
    for (const args of [
      ['cloud', 'list'],
      ['--os-cloud', 'cloud', '--json', 'cloud', 'list'],
      ['-v', 'cloud', 'check', '--help'],
    ]) {
      expect(launch(LAUNCHER, args, home.path).exec).toContain(`--snapshot-blob ${cloudBlob} -- `);
    }
    for (const args of [
      ['--os-cloud', 'cloud', '--version'],
      ['course', 'list'],
      ['help', 'cloud'],
    ]) {
      expect(launch(LAUNCHER, args, home.path).exec).toContain(
        `--snapshot-blob ${join(realpathSync(REPO_ROOT), 'dist', 'cli', 'lab-console.blob')} -- `,
      );
    }
    // It still holds the cloud path: cloud check loads nothing of node's or node_modules' on its way to the login.
    const check = runAgainstRefusedCloud(['cloud', 'check']);
    expect(check.exec).toContain(`--snapshot-blob ${cloudBlob} -- `);
    expect(check.stderr).toContain('connection refused');
    expect(check.loaded).toEqual([]);
  });

  it('runs the preload modules given in NODE_OPTIONS before the command, as node does without a snapshot', () => {
    const preload = join(home.path, 'announce.mjs');
    writeFileSync(preload, "process.stderr.write('preloaded\\n');\n");
    const env = { NODE_OPTIONS: `--import ${preload}` };
    const run = launch(LAUNCHER, ['--version'], home.path, env);
    expect(run.exec).toContain('--snapshot-blob');
    expect(run.stderr).toContain('preloaded');
    expectSameRun(run, portable(['--version'], home.path, env), ['--version']);
  });

  it('gives glibc fixed 64 KiB allocation thresholds, so serve returns what a burst freed, unless the caller set them', () => {
    const preload = join(home.path, 'thresholds.mjs');
    writeFileSync(
      preload,
      'process.stderr.write(`thresholds ${process.env.MALLOC_MMAP_THRESHOLD_} ${process.env.MALLOC_TRIM_THRESHOLD_}\\n`);\n',
    );
    const unset = { NODE_OPTIONS: `--import ${preload}`, MALLOC_MMAP_THRESHOLD_: undefined, MALLOC_TRIM_THRESHOLD_: undefined };
    expect(launch(LAUNCHER, ['--version'], home.path, unset).stderr).toContain('thresholds 65536 65536');
    const chosen = { ...unset, MALLOC_MMAP_THRESHOLD_: '262144' };
    expect(launch(LAUNCHER, ['--version'], home.path, chosen).stderr).toContain('thresholds 262144 65536');
  });

  it('starts the short commands, not serve, lab or jobs (which can run long), with glibc huge pages for the blob, and gives the processes they start the caller GLIBC_TUNABLES', () => {
    // The first tunable the process was started with (/proc keeps the environment of its exec; glibc
    // ends each tunable there with a NUL as it reads them) and the variables the process holds at exit.
    const preload = join(home.path, 'tunables.mjs');
    writeFileSync(
      preload,
      [
        "import { readFileSync } from 'node:fs';",
        "const first = readFileSync('/proc/self/environ', 'utf8').split('\\0').find((entry) => entry.startsWith('GLIBC_TUNABLES='));",
        'const seen = () => ({ first: first?.slice(15), atExit: process.env.GLIBC_TUNABLES, handOver: process.env.LAB_CONSOLE_GLIBC_TUNABLES });',
        "process.on('exit', () => process.stderr.write(`tunables ${JSON.stringify(seen())}\\n`));",
      ].join('\n'),
    );
    const tunables = (args: readonly string[], env: NodeJS.ProcessEnv): { seen: unknown; exported: string | undefined } => {
      const run = launch(LAUNCHER, args, home.path, { NODE_OPTIONS: `--import ${preload}`, LAB_CONSOLE_GLIBC_TUNABLES: 'stray', ...env });
      const traced = spawnIn('/bin/sh', ['-x', LAUNCHER, ...args], home.path, { LAB_CONSOLE_GLIBC_TUNABLES: 'stray', ...env });
      const exported = traced.stderr.split('\n').findLast((line) => line.startsWith('+ GLIBC_TUNABLES='));
      return { seen: JSON.parse(/^tunables (.*)$/m.exec(run.stderr)?.[1] ?? 'null'), exported: exported?.slice(17) };
    };
    const callers = 'glibc.malloc.arena_max=2';
    expect(tunables(['--version'], { GLIBC_TUNABLES: undefined })).toEqual({
      seen: { first: 'glibc.malloc.hugetlb=1' },
      exported: 'glibc.malloc.hugetlb=1',
    });
    // The caller's come after: a glibc.malloc.hugetlb of theirs wins.
    expect(tunables(['cloud', 'list'], { GLIBC_TUNABLES: callers })).toEqual({
      seen: { first: 'glibc.malloc.hugetlb=1', atExit: callers },
      exported: `glibc.malloc.hugetlb=1:${callers}`,
    });
    expect(tunables(['cohort', 'list', '--help'], { GLIBC_TUNABLES: '' })).toEqual({
      seen: { first: 'glibc.malloc.hugetlb=1' },
      exported: 'glibc.malloc.hugetlb=1',
    });
    expect(tunables(['serve', '--help'], { GLIBC_TUNABLES: undefined })).toEqual({ seen: {} });
    expect(tunables(['serve', '--help'], { GLIBC_TUNABLES: callers })).toEqual({ seen: { first: callers, atExit: callers } });
    for (const long of [
      ['lab', 'ssh', '--help'],
      ['jobs', 'work', '--help'],
    ]) {
      expect(tunables(long, { GLIBC_TUNABLES: undefined })).toEqual({ seen: {} });
    }
  });

  /**
   * `args` run by the launcher against an http:// cloud where nothing listens (port 1 on loopback
   * refuses): far enough to send the token request and fail on the answer. Returns the run and every
   * module the snapshot's bundle required meanwhile (Node's and node_modules'; its own are in the
   * blob or evaluated from it), written by a preload when the process exits.
   */
  function runAgainstRefusedCloud(args: readonly string[]): Run & { readonly exec: string; readonly loaded: string[] } {
    const cloudsYaml = join(home.path, 'refused-clouds.yaml');
    writeFileSync(
      cloudsYaml,
      "clouds:\n  refused:\n    auth_type: password\n    auth: { auth_url: 'http://127.0.0.1:1/v3', username: u, password: p, project_name: p }\n",
    );
    return runRecordingLoads([...args, '--os-cloud', 'refused'], {
      OS_CLIENT_CONFIG_FILE: cloudsYaml,
      OS_CLIENT_SECURE_FILE: join(home.path, 'none.yaml'),
    });
  }

  /** `args` run by the launcher, with every module the snapshot's bundle required meanwhile (see above). */
  function runRecordingLoads(
    args: readonly string[],
    env: NodeJS.ProcessEnv = {},
  ): Run & { readonly exec: string; readonly loaded: string[] } {
    const preload = join(home.path, 'loads.cjs');
    writeFileSync(
      preload,
      [
        "const Module = require('node:module');",
        'const loaded = new Set();',
        'const load = Module._load;',
        'Module._load = function (request, parent, ...rest) {',
        "  if (parent?.filename?.endsWith('lab-console-snapshot.cjs')) loaded.add(request);",
        '  return load.call(this, request, parent, ...rest);',
        '};',
        "process.on('exit', () => process.stderr.write(`loaded ${JSON.stringify([...loaded])}\\n`));",
      ].join('\n'),
    );
    const run = launch(LAUNCHER, args, home.path, { NODE_OPTIONS: `--require ${preload}`, ...env });
    return { ...run, loaded: JSON.parse(/^loaded (.*)$/m.exec(run.stderr)?.[1] ?? 'null') as string[] };
  }

  it('holds the cohort commands and the app they open: a cohort command loads only what a snapshot cannot hold', () => {
    // The app's store opens only while Heat lists the labs, which a refused cloud never reaches.
    const run = runAgainstRefusedCloud(['cohort', 'list', '--course', 'a-course']);
    expect(run.exec).toContain('--snapshot-blob');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('connection refused');
    const { loaded } = run;
    // better-sqlite3's addon, native code the blob cannot hold, is the only module a cohort command may
    // load (src/core/store/database.ts, once the store opens); an http:// cloud loads none of node's TLS
    // or HTTP modules (DEFERRED_BUILTINS, scripts/cli-snapshot.mjs).
    expect(loaded.filter((name) => name !== SQLITE_ADDON)).toEqual([]);
  });

  it("holds better-sqlite3's JavaScript, and lists courses without the code that imports, packs or renders them: `course list` loads only the store's addon", () => {
    const run = runRecordingLoads(['course', 'list']);
    expect(run.exec).toContain('--snapshot-blob');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('The library is empty');
    // Not tar, yauzl, marked or parse5 (`course validate`, `pack` and `convert` load them when run).
    expect(run.loaded).toEqual([SQLITE_ADDON]);
  });

  describe('falls back to bin/lab-console.js, with the same output', () => {
    // A copy of the package in another folder: a blob built for the checkout does not fit it.
    const copy = tempHome('lc-snapshot-copy-');
    const copiedLauncher = join(copy.path, 'bin', 'lab-console');
    const copiedBuild = join(copy.path, 'dist', 'cli');
    beforeAll(() => {
      mkdirSync(join(copy.path, 'dist'));
      cpSync(join(REPO_ROOT, 'bin'), join(copy.path, 'bin'), { recursive: true });
      cpSync(BUILT, copiedBuild, { recursive: true, preserveTimestamps: true });
      cpSync(join(REPO_ROOT, 'package.json'), join(copy.path, 'package.json'));
      symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy.path, 'node_modules'));
    });
    afterAll(() => copy.remove());

    const fallsBack = (): void => {
      for (const args of [['--help'], ['serv'], ['cloud', 'list']]) {
        const run = launch(copiedLauncher, args, home.path);
        expect(run.exec).toContain(join(realpathSync(copy.path), 'bin', 'lab-console.js'));
        expectSameRun(run, portable(args, home.path), args);
      }
    };
    const restamp = (lines: { node?: string; nodeFile?: string; folder?: string }): void => {
      const stamp = [lines.node ?? process.execPath, lines.nodeFile ?? nodeFileNow(), lines.folder ?? realpathSync(copy.path), 'v0', '0'];
      writeFileSync(join(copiedBuild, 'lab-console.blob.stamp'), `${stamp.join('\n')}\n`);
      // Written after the blob: keep the blob the newer, as a build leaves it.
      const now = new Date();
      utimesSync(join(copiedBuild, 'lab-console.blob'), now, new Date(now.getTime() + 1000));
    };

    it('when the blob was built for another folder', () => fallsBack());

    it('when the blob was built by another node', () => {
      restamp({ node: '/opt/node-v18/bin/node' });
      fallsBack();
    });

    it('when node was replaced in place since (its file changed)', () => {
      // Another size, as an upgraded binary has.
      restamp({ nodeFile: nodeFileNow().replace(/^((?:\S+\s+){4})\d+/, '$1123') });
      fallsBack();
    });

    it('when the bundle is newer than the blob (a stale blob)', () => {
      restamp({});
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(copiedBuild, 'lab-console-snapshot.cjs'), later, later);
      fallsBack();
    });

    it('when there is no blob', () => {
      restamp({});
      cpSync(join(copiedBuild, 'lab-console.blob'), join(copy.path, 'blob.bak'));
      writeFileSync(join(copiedBuild, 'lab-console.blob.stamp'), '');
      rmSync(join(copiedBuild, 'lab-console.blob'));
      fallsBack();
    });

    it('but not when node only gained a hard link (as perf makes in its build-id cache): that node still starts from the blob', () => {
      cpSync(join(copy.path, 'blob.bak'), join(copiedBuild, 'lab-console.blob'), { force: true });
      const nodeFolder = join(copy.path, 'node-bin');
      mkdirSync(nodeFolder, { recursive: true });
      const node = join(nodeFolder, 'node');
      cpSync(process.execPath, node, { preserveTimestamps: true });
      restamp({ node, nodeFile: nodeFileLine(node), folder: realpathSync(copy.path) });
      utimesSync(join(copiedBuild, 'lab-console-snapshot.cjs'), new Date(0), new Date(0));
      linkSync(node, join(copy.path, 'node-link'));
      const run = launch(copiedLauncher, ['--version'], home.path, { PATH: `${nodeFolder}:${process.env.PATH ?? ''}` });
      expect(run.exec).toContain('--snapshot-blob');
      expectSameRun(run, portable(['--version'], home.path), ['--version']);
      rmSync(nodeFolder, { recursive: true });
      rmSync(join(copy.path, 'node-link'));
    });

    it('but not when its stamp, node and times fit: then the same copy starts from its blob (the checks above decide)', () => {
      cpSync(join(copy.path, 'blob.bak'), join(copiedBuild, 'lab-console.blob'));
      // (The blob's own paths are the checkout's, which still exists: this run proves the launcher's choice only.)
      restamp({ folder: realpathSync(copy.path) });
      utimesSync(join(copiedBuild, 'lab-console-snapshot.cjs'), new Date(0), new Date(0));
      const run = launch(copiedLauncher, ['--version'], home.path);
      expect(run.exec).toContain('--snapshot-blob');
      expectSameRun(run, portable(['--version'], home.path), ['--version']);
    });
  });
});
