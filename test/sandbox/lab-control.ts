import type { SandboxState } from './state';

/**
 * What tests may ask of the sandbox's lab gate, beyond what Heat does: list the lab hosts, give a
 * running lab a new SSH host key or VNC certificate (a "changed server" for pinning tests), and take
 * its SFTP subsystem away (a minimal image).
 */
export interface SandboxLab {
  id: string;
  stackId: string;
  stackName: string;
  projectId: string;
  resource: string;
  state: 'up' | 'down';
  host: string;
  sshPort: number;
  rdpPort: number;
  user: string;
  hostKeyFingerprint: string;
  rdpCertSha256: string;
  /** The lab's own VNC desktop (Xvnc as the lab user). */
  vncPort: number;
  vncPassword: string;
  vncCertSha256: string;
  answering: boolean;
}

async function gate<T>(state: SandboxState, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${state.lab.gateUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`The sandbox lab gate answered ${method} ${path} with ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export function listLabs(state: SandboxState): Promise<SandboxLab[]> {
  return gate<SandboxLab[]>(state, 'GET', '/labs');
}

/** The lab host of a stack (by id or name); with several Lab::Host resources, name one. */
export async function findLab(state: SandboxState, stack: string, resource?: string): Promise<SandboxLab> {
  const labs = (await listLabs(state)).filter(
    (lab) => (lab.stackId === stack || lab.stackName === stack) && (resource === undefined || lab.resource === resource),
  );
  if (labs.length !== 1)
    throw new Error(`Expected one lab host for stack ${stack}${resource ? ` resource ${resource}` : ''}, found ${labs.length}.`);
  return labs[0] as SandboxLab;
}

/** Replaces the lab's SSH host key (restarting its sshd if up); returns the lab with the new fingerprint. */
export async function rotateHostKey(state: SandboxState, stack: string, resource?: string): Promise<SandboxLab> {
  const lab = await findLab(state, stack, resource);
  return gate<SandboxLab>(state, 'POST', `/labs/${lab.id}/host-key`);
}

/** Replaces the lab's VNC certificate (restarting its Xvnc if up); returns the lab with the new hash. */
export async function rotateVncCertificate(state: SandboxState, stack: string, resource?: string): Promise<SandboxLab> {
  const lab = await findLab(state, stack, resource);
  return gate<SandboxLab>(state, 'POST', `/labs/${lab.id}/vnc-certificate`);
}

/** Offers or withdraws the SFTP subsystem of the lab's sshd (restarted with the same key and port). */
export async function setSftp(state: SandboxState, stack: string, enabled: boolean, resource?: string): Promise<SandboxLab> {
  const lab = await findLab(state, stack, resource);
  return gate<SandboxLab>(state, 'PUT', `/labs/${lab.id}/sftp`, { enabled });
}
