import { startupSnapshot } from 'node:v8';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { loadAppFactory } from './cli-commands';
import { restoreExtraCaCerts } from '../openstack/transport/extra-ca-certs';
import { runCli } from './cli-main';
import { runFromSnapshot } from './cli-snapshot-run';
import { prepareCliModules } from './cli-startup';
import { keepRelayObjectsYoung } from '../memory/young-relay-objects';
import { loadNodePreloads } from './node-preloads';
import { exitOnceFlushed, preferBaselineWebAssembly } from './process-exit';
import { warmCloudParsing, warmStackListParsing } from './snapshot-cloud-warm-up';

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
 * Runs the paths every start takes (the program, the translator, a cloud command, YAML), and loads
 * the cohort commands with the app they open (its store, settings, labs), which instructors run
 * against many projects: their modules are evaluated here rather than at every run. What cannot be
 * in a snapshot loads at first use: better-sqlite3 when the store opens, node's HTTP and TLS modules
 * at the first connection or server (scripts/cli-snapshot.mjs).
 */
async function warm(): Promise<void> {
  const silent = { stdout: () => undefined, stderr: () => undefined };
  // A home that cannot exist: the warm-up must not read the builder's settings.
  const env = { LAB_CONSOLE_HOME: '/nonexistent/lab-console-snapshot-home' };
  // The cloud commands' HTTP client with undici (its node:http stand-in: scripts/cli-snapshot.mjs):
  // otherwise a run evaluates them, and compiles their code, before its first request.
  await Promise.all([
    import('./commands/cloud'),
    import('./commands/cohort'),
    import('../openstack/openstack-client'),
    import('../openstack/check-cloud'),
    loadAppFactory(),
  ]);
  parseYaml(stringifyYaml({ clouds: { lab: { auth: { auth_url: 'url', username: 'user' }, region_name: 'region' } } }));
  warmCloudParsing();
  // Heat's stack lists, which every cohort listing parses per project.
  warmStackListParsing();
  await runCli(['cloud', 'check', '--help'], { streams: silent, env });
  await runCli(['cohort', 'list', '--help'], { streams: silent, env });
  await runCli(['--help'], { streams: silent, env });
}

void warm();

startupSnapshot.setDeserializeMainFunction(() => {
  restoreExtraCaCerts();
  preferBaselineWebAssembly();
  keepRelayObjectsYoung();
  loadNodePreloads();
  // A deserialised main sees [node, ...arguments]: no script path in between.
  void runFromSnapshot(process.argv.slice(1)).then(exitOnceFlushed);
});
