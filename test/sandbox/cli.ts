/**
 * npm run sandbox [-- --learners N]   start (or confirm) the Keystone + Heat sandbox and lab hosts
 * npm run sandbox:status              what runs; exit 1 when it does not
 * npm run sandbox:stop                stop everything
 */
import { Command, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { sandboxHealthy } from './health';
import { sandboxPaths } from './paths';
import { withLock } from './start-lock';
import { describeStatus, sandboxStatus, usageLines } from './status';
import { stopSandbox } from './stop';

// `npm run sandbox:status | head` closes the pipe early; that is not an error
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const paths = sandboxPaths();
const lockFile = join(paths.root, 'start.lock');
const log = (line: string) => console.log(`[sandbox] ${line}`);

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new InvalidArgumentError('expected a whole number from 1 to 500');
  return n;
}

const program = new Command('sandbox').description('Keystone + Heat on loopback, with lab hosts, for tests and the demo');

program
  .command('start')
  .description('start the sandbox (a no-op when it already runs)')
  .option('--learners <n>', 'learner1..N, each with its own project (default 3, then kept)', positiveInt)
  .action(async (options: { learners?: number }) => {
    // the common case (already running) stays quick: the heavy start code loads only when needed
    const began = Date.now();
    const running = await sandboxHealthy(paths);
    if (running && (options.learners === undefined || options.learners === running.learners.length)) {
      log(`already running (checked in ${((Date.now() - began) / 1000).toFixed(2)} s)`);
      for (const line of usageLines(running)) console.log(line);
      return;
    }
    const { startSandbox } = await import('./start');
    const result = await withLock(lockFile, () => startSandbox(paths, { learners: options.learners, log }));
    if (result.outcome === 'running') log(`already running (checked in ${result.seconds.toFixed(2)} s)`);
    else log(`${result.outcome} in ${result.seconds.toFixed(1)} s`);
    for (const line of usageLines(result.state)) console.log(line);
  });

program
  .command('stop')
  .description('stop every process of the sandbox (its data stays in .sandbox/)')
  .action(async () => {
    const stopped = await withLock(lockFile, () => stopSandbox(paths));
    log(stopped.length > 0 ? `stopped ${stopped.join(', ')}` : 'nothing was running');
  });

program
  .command('status')
  .description('print what runs; exit 1 when the sandbox is not running')
  .option('--json', 'machine-readable output')
  .action(async (options: { json?: boolean }) => {
    const status = await sandboxStatus(paths);
    if (options.json) console.log(JSON.stringify({ ...status, state: undefined, stateFile: paths.stateFile }, null, 2));
    else for (const line of describeStatus(status)) console.log(line);
    process.exitCode = status.running ? 0 : 1;
  });

program.parseAsync().catch((error: Error) => {
  console.error(`[sandbox] ${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`);
  process.exit(1);
});
