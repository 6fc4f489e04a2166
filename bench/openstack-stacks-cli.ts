/**
 * A minimal stack CLI over the OpenStack client, for the openstack bench until `lab-console stack
 * list/delete` exist: `node openstack-stacks-cli.mjs [--os-cloud NAME] list` and
 * `… delete --wait NAME…`. It reads clouds.yaml / OS_* exactly as lab-console does, is bundled as
 * lab-console is (scripts/cli-bundling.mjs) and starts and exits as its entry does.
 */
import { prepareCliProcess } from '../src/core/cli/cli-startup';
import { exitOnceFlushed } from '../src/core/cli/process-exit';

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
  // Loaded after prepareCliProcess(), as lab-console loads its commands.
  const [{ CloudConfigLoader }, { connect }, { labWaitOptions }, { systemClock }] = await Promise.all([
    import('../src/core/openstack/clouds-config/cloud-config-loader'),
    import('../src/core/openstack/openstack-client'),
    import('../src/core/labs/stack-steps'),
    import('../src/core/time/clock'),
  ]);
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

prepareCliProcess();
await exitOnceFlushed(
  await main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }),
);
