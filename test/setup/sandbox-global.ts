/**
 * Global setup of the integration and e2e projects: starts the Keystone + Heat sandbox once per
 * run (a no-op when it already runs) and leaves it running afterwards for the next run.
 * When it cannot start: with CI=true the run fails; otherwise every sandbox test is reported as
 * skipped, with the reason in its name and in a banner here.
 */
import type { TestProject } from 'vitest/node';
import '../sandbox/availability';
import type { SandboxAvailability } from '../sandbox/availability';
import { join } from 'node:path';
import { sandboxPaths } from '../sandbox/paths';
import { startSandbox } from '../sandbox/start';
import { withLock } from '../sandbox/start-lock';

export default async function setup(project: TestProject): Promise<void> {
  const paths = sandboxPaths();
  let availability: SandboxAvailability;
  try {
    const result = await withLock(join(paths.root, 'start.lock'), () =>
      startSandbox(paths, { log: (line) => console.log(`[sandbox] ${line}`) }),
    );
    if (result.outcome !== 'running') console.log(`[sandbox] ${result.outcome} in ${result.seconds.toFixed(1)} s`);
    availability = { available: true, stateFile: paths.stateFile };
    process.env.LAB_SANDBOX_STATE = paths.stateFile;
  } catch (error) {
    const reason = `${(error as Error).name}: ${(error as Error).message}`;
    if (process.env.CI === 'true') {
      throw new Error(`The Keystone + Heat sandbox could not start, and CI=true makes that a failure.\n${reason}`);
    }
    console.warn(
      `\n==== SANDBOX UNAVAILABLE: tests that need Keystone + Heat are SKIPPED ====\n${reason}\n` +
        'Start it by hand with `npm run sandbox` to see why; with CI=true this is a failure.\n',
    );
    availability = { available: false, reason };
  }
  project.provide('sandbox', availability);
}
