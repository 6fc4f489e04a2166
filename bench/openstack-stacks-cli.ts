/**
 * A minimal stack CLI over the OpenStack client, for the openstack bench until `lab-console stack
 * list/delete` exist: `node --snapshot-blob openstack-stacks-cli.blob -- [--os-cloud NAME] list` and
 * `… delete --wait NAME…`. It reads clouds.yaml / OS_* exactly as lab-console does, and starts as
 * lab-console does: from a start-up snapshot built and warmed like the CLI's
 * (scripts/cli-snapshot.mjs, src/core/cli/cli-snapshot-entry.ts), exiting as its entry does.
 */
import { startupSnapshot } from 'node:v8';
import { prepareCliModules } from '../src/core/cli/cli-startup';
import { loadNodePreloads } from '../src/core/cli/node-preloads';
import { exitOnceFlushed, preferBaselineWebAssembly } from '../src/core/cli/process-exit';
import { warmCloudParsing, warmStackListParsing } from '../src/core/cli/snapshot-cloud-warm-up';

prepareCliModules();

// Loaded after prepareCliModules(), as lab-console loads its commands, while the blob is built.
const modules = Promise.all([
  import('../src/core/openstack/clouds-config/cloud-config-loader'),
  import('../src/core/openstack/openstack-client'),
  import('../src/core/labs/stack-steps'),
  import('../src/core/time/clock'),
]);
void modules.then(() => {
  warmCloudParsing();
  warmStackListParsing();
});

async function main(argv: string[]): Promise<number> {
  let cloudName: string | undefined;
  let wait = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--os-cloud') cloudName = argv[++i];
    else if (arg === '--wait') wait = true;
    else rest.push(arg);
  }
  const [command, ...names] = rest;
  const [{ CloudConfigLoader }, { connect }, { labWaitOptions }, { systemClock }] = await modules;
  const cloud = new CloudConfigLoader({ env: process.env, cwd: process.cwd() }).getCloud(cloudName ?? process.env.OS_CLOUD);
  const connection = await connect(cloud);
  try {
    if (command === 'list') {
      const stacks = await connection.heat.listAll();
      const lines = stacks.map((s) => `${s.id}  ${s.name}  ${s.status}  ${s.createdAt}`);
      process.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    }
    if (command === 'delete' && names.length > 0) {
      await Promise.all(
        names.map(async (name) => {
          const stack = await connection.heat.get(name);
          // As a lab's delete job waits (the bench compares what the app runs).
          if (wait)
            await connection.stacks.delete(stack, { ...labWaitOptions(AbortSignal.timeout(600_000), systemClock), timeoutMs: 600_000 });
          else await connection.heat.delete(stack.ref);
        }),
      );
      return 0;
    }
    process.stderr.write('usage: openstack-stacks-cli [--os-cloud NAME] list | delete [--wait] NAME…\n');
    return 2;
  } finally {
    await connection.close();
  }
}

startupSnapshot.setDeserializeMainFunction(() => {
  preferBaselineWebAssembly();
  loadNodePreloads();
  // A deserialised main sees [node, ...arguments]: no script path in between.
  void main(process.argv.slice(1))
    .catch((error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    })
    .then(exitOnceFlushed);
});
