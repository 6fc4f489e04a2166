import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxPaths } from './paths';
import { httpStatus } from './probe';
import { readSandboxState, type SandboxState } from './state';
import { runningDaemons } from './stop';

function daemonsRun(paths: SandboxPaths): boolean {
  return Object.values(runningDaemons(paths)).every((pid) => pid !== undefined);
}

/**
 * The state of a sandbox whose daemons all run and whose three APIs answer; undefined otherwise.
 * A live daemon that is merely slow (Heat busy with another tool's 200 stacks) is given
 * `patienceMs` to answer: restarting a busy sandbox would break every run that uses it.
 */
export async function sandboxHealthy(paths: SandboxPaths, patienceMs = 45_000): Promise<SandboxState | undefined> {
  if (!existsSync(paths.stateFile)) return undefined;
  let state: SandboxState;
  try {
    state = readSandboxState(paths.stateFile);
  } catch {
    return undefined;
  }
  const deadline = Date.now() + patienceMs;
  while (daemonsRun(paths)) {
    const [keystone, heat, gate] = await Promise.all([
      httpStatus(state.keystone.url, 5000),
      httpStatus(`http://127.0.0.1:${state.heat.port}/`, 5000),
      httpStatus(`${state.lab.gateUrl}/health`, 5000),
    ]);
    if (keystone === 200 && heat === 300 && gate === 200) return state;
    if (Date.now() > deadline) return undefined;
    await sleep(1000);
  }
  return undefined;
}
