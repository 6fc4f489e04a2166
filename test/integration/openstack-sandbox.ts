/**
 * Shared by the openstack-*.test.ts files: the sandbox's clouds through our own config loader,
 * connections, unique stack names, and cleanup of every stack a test creates.
 */
import { request } from 'undici';
import { CloudConfigLoader } from '../../src/core/openstack/clouds-config/cloud-config-loader';
import type { ResolvedCloud } from '../../src/core/openstack/clouds-config/cloud-types';
import { connect, type ConnectOptions, type OpenStackConnection } from '../../src/core/openstack/openstack-client';
import type { StackRef } from '../../src/core/openstack/heat/heat-client';
import type { SandboxState } from '../sandbox/state';

export const FIXTURES = new URL('./fixtures/openstack/', import.meta.url).pathname;

/** The sandbox's clouds.yaml + secure.yaml exactly as a user would point the CLI at them. */
export function sandboxClouds(state: SandboxState): CloudConfigLoader {
  return new CloudConfigLoader({
    env: { OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml, OS_CLIENT_SECURE_FILE: state.files.secureYaml },
    cwd: FIXTURES,
    home: FIXTURES,
    systemDirs: [],
  });
}

export function sandboxCloud(state: SandboxState, name: string): ResolvedCloud {
  return sandboxClouds(state).getCloud(name);
}

export async function connectTo(state: SandboxState, name: string, options: ConnectOptions = {}): Promise<OpenStackConnection> {
  return connect(sandboxCloud(state, name), options);
}

let counter = 0;
/** A stack name unique to this run and test file. */
export function uniqueName(prefix: string): string {
  counter++;
  return `it-os-${prefix}-${process.pid}-${counter}`;
}

/** Remembers stacks by name and deletes whatever is left of them at the end. */
export class StackJanitor {
  private readonly names = new Set<string>();

  constructor(private readonly connection: () => OpenStackConnection) {}

  track(name: string): string {
    this.names.add(name);
    return name;
  }

  async cleanUp(): Promise<void> {
    const heat = this.connection().heat;
    const failures: string[] = [];
    for (const name of this.names) {
      try {
        // There may be more than one stack of a name if a test failed in the way it guards against.
        const stacks = (await heat.listAll()).filter((s) => s.name === name);
        for (const s of stacks) await this.connection().stacks.delete({ name: s.name, id: s.id }, { timeoutMs: 60_000 });
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
      }
    }
    this.names.clear();
    if (failures.length) throw new Error(`Could not delete test stacks: ${failures.join('; ')}`);
  }
}

/** Every stack of that name in the project (Heat refuses duplicates by name, but we check rather than trust). */
export async function stacksNamed(connection: OpenStackConnection, name: string): Promise<StackRef[]> {
  return (await connection.heat.listAll()).filter((s) => s.name === name).map((s) => ({ name: s.name, id: s.id }));
}

/** Revokes a token from outside the session that holds it, as an administrator would. */
export async function revokeAsAdmin(state: SandboxState, admin: OpenStackConnection, token: string): Promise<void> {
  const adminToken = await admin.keystone.token();
  const res = await request(`${state.keystone.url}/auth/tokens`, {
    method: 'DELETE',
    headers: { 'x-auth-token': adminToken.value, 'x-subject-token': token },
  });
  await res.body.text();
  if (res.statusCode !== 204) throw new Error(`revoking the token failed: HTTP ${res.statusCode}`);
}
