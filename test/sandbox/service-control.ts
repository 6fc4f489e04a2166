import { join } from 'node:path';
import { runningPid, stopDaemon } from './daemon';
import { startHeat } from './heat';
import { keystoneUrl, startKeystone } from './keystone';
import type { SandboxPaths } from './paths';
import { httpStatus, waitFor } from './probe';
import { loadConfig } from './sandbox-config';

/** The two cloud services a test may take away from the app for a while. */
export type CloudService = 'keystone' | 'heat';

/**
 * Stops one service of this checkout's sandbox (by its own pid file, nothing else), so a test sees
 * what a learner sees while the cloud is down. Stop only while no stack action runs: a Heat killed
 * in the middle of one leaves the stack IN_PROGRESS.
 */
export async function stopCloudService(paths: SandboxPaths, service: CloudService): Promise<void> {
  // heat-all sometimes ignores SIGTERM; its state is in sqlite, so a KILL after 3 s is safe.
  await stopDaemon(paths.pidFiles[service], 3000);
}

/** Starts the service again (a no-op while it runs) and waits until it answers as the sandbox's health check expects. */
export async function startCloudService(paths: SandboxPaths, service: CloudService): Promise<void> {
  const config = loadConfig(paths);
  if (!config) throw new Error(`no sandbox configuration in ${paths.configFile}`);
  if (runningPid(paths.pidFiles[service]) === undefined) {
    if (service === 'keystone') startKeystone(paths, config);
    else startHeat(paths);
  }
  const url = service === 'keystone' ? keystoneUrl(config) : `http://127.0.0.1:${config.ports.heat}/`;
  const expected = service === 'keystone' ? 200 : 300;
  await waitFor(
    service === 'keystone' ? 'Keystone' : 'Heat',
    async () => (await httpStatus(url, 5000)) === expected,
    180_000,
    `see ${join(paths.logDir, `${service}.log`)}`,
  );
}

/** Runs `body` with the service stopped, and always starts it again afterwards. */
export async function withCloudServiceStopped<T>(paths: SandboxPaths, service: CloudService, body: () => Promise<T>): Promise<T> {
  await stopCloudService(paths, service);
  try {
    return await body();
  } finally {
    await startCloudService(paths, service);
  }
}
