import { startupSnapshot } from 'node:v8';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { loadAppFactory } from './cli-commands';
import { restoreExtraCaCerts } from '../openstack/transport/extra-ca-certs';
import { runCli } from './cli-main';
import { runFromSnapshot } from './cli-snapshot-run';
import { prepareCliModules } from './cli-startup';
import { restoreGlibcTunables } from './glibc-tunables';
import { keepRelayObjectsYoung } from '../memory/young-relay-objects';
import { loadNodePreloads } from './node-preloads';
import { exitOnceFlushed, preferBaselineWebAssembly } from './process-exit';
import { holdSqliteInSnapshot } from '../store/sqlite-in-snapshot';
import { warmCloudParsing, warmEventListParsing, warmStackListParsing } from './snapshot-cloud-warm-up';

/*
 * The entry of the CLI's start-up snapshot (built by scripts/cli-snapshot.mjs into
 * dist/cli/lab-console.blob, started by bin/lab-console). This script runs once, at build time:
 * what it loads and warms is in the blob, so a run starts with the cloud commands' modules
 * evaluated, zod's schemas built, the YAML parser and the translator warmed, instead of loading
 * and compiling them. A run then only calls the main function below.
 * Nothing here may keep a handle (socket, timer, file) or read the user's state: the blob is the
 * same for every user of this folder. undici's WebAssembly parser cannot be in a snapshot; it is
 * compiled at the first request, as without one.
 */

prepareCliModules();

/**
 * Which commands the blob being built is warmed for, the build's argument (scripts/cli-snapshot.mjs
 * builds both blobs from this one bundle; bin/lab-console picks by the command): `cloud`, the cloud
 * commands alone, or every command. Only the build reads it: a run calls the main function below.
 */
const warmedFor = process.argv[2] === 'cloud' ? 'cloud' : 'all';

/**
 * Runs the paths every start takes (the program, the translator, a cloud command, YAML), and for
 * every command but the cloud ones loads the cohort commands with the app they open (its store,
 * settings, labs), which instructors run against many projects: their modules are evaluated here
 * rather than at every run. They are over a quarter of the heap's objects, and node deserialises the
 * whole heap at every start (~9 ms of CPU for them): the cloud commands start from a blob without
 * them. What cannot be in a snapshot loads at first use: better-sqlite3's addon when the store opens, node's
 * HTTP and TLS modules at the first connection or server (scripts/cli-snapshot.mjs).
 */
async function warm(): Promise<void> {
  const silent = { stdout: () => undefined, stderr: () => undefined };
  // A home that cannot exist: the warm-up must not read the builder's settings.
  const env = { LAB_CONSOLE_HOME: '/nonexistent/lab-console-snapshot-home' };
  // The cloud commands' HTTP client with undici (its node:http stand-in: scripts/cli-snapshot.mjs):
  // otherwise a run evaluates them, and compiles their code, before its first request.
  await Promise.all([import('./commands/cloud'), import('../openstack/openstack-client'), import('../openstack/check-cloud')]);
  parseYaml(stringifyYaml({ clouds: { lab: { auth: { auth_url: 'url', username: 'user' }, region_name: 'region' } } }));
  warmCloudParsing();
  await runCli(['cloud', 'check', '--help'], { streams: silent, env });
  if (warmedFor === 'all') {
    await Promise.all([import('./commands/cohort'), loadAppFactory(), holdSqliteInSnapshot()]);
    // Heat's stack lists and events, which every cohort listing parses per project.
    warmStackListParsing();
    warmEventListParsing();
    await runCli(['cohort', 'list', '--help'], { streams: silent, env });
  }
  await runCli(['--help'], { streams: silent, env });
}

void warm();

startupSnapshot.setDeserializeMainFunction(() => {
  restoreExtraCaCerts();
  restoreGlibcTunables();
  preferBaselineWebAssembly();
  keepRelayObjectsYoung();
  loadNodePreloads();
  // A deserialised main sees [node, ...arguments]: no script path in between.
  void runFromSnapshot(process.argv.slice(1)).then(exitOnceFlushed);
});
