import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runningPid, stopDaemon } from './daemon';
import { heatPidFile } from './heat';
import { keystonePidFile } from './keystone';
import type { SandboxPaths } from './paths';
import { sharedSesmanMarker, xrdpPidFiles } from './xrdp';

export const gatePidFile = (paths: SandboxPaths): string => join(paths.runDir, 'gate.pid');

/** Every pid file the sandbox keeps, in stop order (the gate first: it ends the lab sshds). */
export function pidFiles(paths: SandboxPaths): Record<string, string> {
  const [xrdp, sesman] = xrdpPidFiles(paths) as [string, string];
  return { gate: gatePidFile(paths), heat: heatPidFile(paths), keystone: keystonePidFile(paths), xrdp, 'xrdp-sesman': sesman };
}

/** Pid of each daemon, undefined when it does not run, 'shared' for an xrdp-sesman of someone else. */
export function runningDaemons(paths: SandboxPaths): Record<string, number | 'shared' | undefined> {
  const shared = existsSync(sharedSesmanMarker(paths));
  return Object.fromEntries(
    Object.entries(pidFiles(paths)).map(([name, file]) => [name, name === 'xrdp-sesman' && shared ? 'shared' : runningPid(file)]),
  );
}

/** Stops whatever of the sandbox runs (also half-started or stale leftovers); returns what it stopped. */
export async function stopSandbox(paths: SandboxPaths): Promise<string[]> {
  const stopped: string[] = [];
  rmSync(paths.stateFile, { force: true });
  for (const [name, file] of Object.entries(pidFiles(paths))) {
    // heat-all sometimes ignores SIGTERM; its state is in sqlite, so a KILL after 3 s is safe
    if (await stopDaemon(file, name === 'gate' ? 8000 : 3000)) stopped.push(name);
  }
  if (existsSync(paths.labsDir)) {
    for (const lab of readdirSync(paths.labsDir)) {
      if (await stopDaemon(join(paths.labsDir, lab, 'sshd.own.pid'), 2000)) stopped.push(`lab ${lab} sshd`);
    }
  }
  rmSync(paths.gateFile, { force: true });
  rmSync(sharedSesmanMarker(paths), { force: true });
  return stopped;
}
