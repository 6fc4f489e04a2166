import type { CourseManifest, SshConnection } from '../../shared/course/course-manifest';
import { UserFacingError } from '../api/user-error';
import { endpointOf, valueOf } from '../labs/lab-outputs';
import type { LabConnectionTarget } from '../connect/connection-target';
import { processSecrets } from '../log/secret-values';

/**
 * A learner's lab as the instructor reaches it: the instructor has no local lab record, so every
 * connection detail (keys and passwords included) comes straight from the stack's outputs, which
 * Heat shows to any token of the learner's project.
 */
export function sshConnectionOf(manifest: CourseManifest, name?: string): SshConnection {
  const connections = manifest.lab?.connections ?? [];
  const found = name ? connections.find((c) => c.name === name) : connections.find((c) => c.protocol === 'ssh');
  if (!found) {
    throw new UserFacingError(
      'invalid_input',
      name
        ? `Course "${manifest.id}" has no connection "${name}" (it has: ${connections.map((c) => c.name).join(', ') || 'none'}).`
        : `Course "${manifest.id}" has no ssh connection in lab.connections of its course.yaml: there is no machine to log in to.`,
    );
  }
  if (found.protocol !== 'ssh')
    throw new UserFacingError('invalid_input', `Connection "${found.name}" of course "${manifest.id}" is not an ssh connection.`);
  return found;
}

export function targetFromOutputs(
  manifest: CourseManifest,
  connectionName: string,
  outputs: Readonly<Record<string, unknown>>,
  stackId: string,
  seen: ReadonlySet<string> = new Set(),
): LabConnectionTarget {
  const connection = sshConnectionOf(manifest, connectionName);
  const text = (source: SshConnection['password'], field: string) => {
    const value = valueOf(source, outputs, connection.name, field);
    return value === undefined ? undefined : String(value);
  };
  const { host, port } = endpointOf(connection, outputs);
  let jump: LabConnectionTarget['jump'];
  if (connection.jump) {
    if (seen.has(connection.name))
      throw new UserFacingError('invalid_input', `Course "${manifest.id}": connection "${connection.name}" jumps through itself.`);
    const {
      stackId: _ignored,
      jump: _nested,
      ...rest
    } = targetFromOutputs(manifest, connection.jump, outputs, stackId, new Set([...seen, connection.name]));
    jump = rest;
  }
  const fingerprint = connection.host_key_fingerprint ? text(connection.host_key_fingerprint, 'host_key_fingerprint') : undefined;
  const privateKey = text(connection.private_key, 'private_key');
  const password = text(connection.password, 'password');
  // Read straight from the learner's stack outputs, never through the secret store.
  processSecrets.add(privateKey, password);
  return {
    stackId,
    host,
    port,
    user: String(valueOf(connection.user, outputs, connection.name, 'user')),
    ...(privateKey ? { privateKey } : {}),
    ...(password ? { password } : {}),
    ...(fingerprint ? { hostKeyFingerprint: fingerprint } : {}),
    ...(jump ? { jump } : {}),
  };
}
