import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runningPid, stopDaemon } from './daemon';
import type { SandboxPaths } from './paths';

/** Pid of each daemon, undefined when it does not run, 'shared' for an xrdp-sesman of someone else. */
export function runningDaemons(paths: SandboxPaths): Record<string, number | 'shared' | undefined> {
  const shared = existsSync(paths.sharedSesmanMarker);
  return Object.fromEntries(
    Object.entries(paths.pidFiles).map(([name, file]) => [name, name === 'xrdp-sesman' && shared ? 'shared' : runningPid(file)]),
  );
}

/** Stops whatever of the sandbox runs (also half-started or stale leftovers); returns what it stopped. */
export async function stopSandbox(paths: SandboxPaths): Promise<string[]> {
  const stopped: string[] = [];
  rmSync(paths.stateFile, { force: true });
  for (const [name, file] of Object.entries(paths.pidFiles)) {
    // heat-all sometimes ignores SIGTERM; its state is in sqlite, so a KILL after 3 s is safe
    if (await stopDaemon(file, name === 'gate' ? 8000 : 3000)) stopped.push(name);
  }
  if (existsSync(paths.labsDir)) {
    for (const lab of readdirSync(paths.labsDir)) {
      if (await stopDaemon(join(paths.labsDir, lab, 'sshd.own.pid'), 2000)) stopped.push(`lab ${lab} sshd`);
    }
  }
  rmSync(paths.gateFile, { force: true });
  rmSync(paths.sharedSesmanMarker, { force: true });
  return stopped;
}
