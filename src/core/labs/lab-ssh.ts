import type { CourseManifest } from '../../shared/course/course-manifest';
import { HostKeyPins, SshSession, type HostKeyPolicy, type SshConnectOptions } from '../connect/ssh';
import type { Logger } from '../log/logger';
import type { Db } from '../store/database';
import type { Clock } from '../time/clock';
import type { LabConnections, ResolvedLabConnection } from './lab-connections';

export class NotAnSshConnectionError extends Error {
  readonly kind = 'not_ssh';
  readonly apiCode = 'invalid_input';
  constructor(readonly courseId: string, readonly connection: string) {
    super(`Connection "${connection}" of course "${courseId}" is not an ssh connection (see lab.connections in its course.yaml).`);
    this.name = 'NotAnSshConnectionError';
  }
}

export class NoSshConnectionError extends Error {
  readonly kind = 'no_ssh';
  readonly apiCode = 'invalid_input';
  constructor(readonly courseId: string) {
    super(`Course "${courseId}" has no ssh connection in lab.connections of its course.yaml: there is no machine to log in to.`);
    this.name = 'NoSshConnectionError';
  }
}

/** The course's first ssh connection: what `lab ssh`, `lab exec` and hooks use unless told otherwise. */
export function defaultSshConnection(manifest: CourseManifest): string {
  const found = manifest.lab?.connections.find((c) => c.protocol === 'ssh');
  if (!found) throw new NoSshConnectionError(manifest.id);
  return found.name;
}

/**
 * Trust as the terminal does (src/core/connect/ssh/lab-ssh-options.ts), so the app, the CLI, checks
 * and hooks share one set of pins: a published fingerprint strictly, else the pin of this stack
 * and connection; a jump host is pinned as `<connection>-jump`.
 */
function policyFor(target: Pick<ResolvedLabConnection, 'hostKeyFingerprint'>, stackId: string, connection: string, pins: HostKeyPins): HostKeyPolicy {
  return target.hostKeyFingerprint ? { kind: 'expected', fingerprint: target.hostKeyFingerprint } : { kind: 'pinned', pins, stackId, connection };
}

export function labSshOptions(target: ResolvedLabConnection, connection: string, pins: HostKeyPins, logger?: Logger): SshConnectOptions {
  return {
    host: target.host,
    port: target.port,
    username: target.user,
    auth: { privateKey: target.privateKey, password: target.password },
    hostKey: policyFor(target, target.stackId, connection, pins),
    jump: target.jump
      ? {
          host: target.jump.host,
          port: target.jump.port,
          username: target.jump.user,
          auth: { privateKey: target.jump.privateKey, password: target.jump.password },
          hostKey: policyFor(target.jump, target.stackId, `${connection}-jump`, pins),
        }
      : undefined,
    readyTimeoutMs: 15_000,
    ...(logger ? { logger } : {}),
  };
}

export interface LabSshDeps {
  readonly connections: LabConnections;
  readonly manifest: (courseId: string) => CourseManifest;
  readonly db: Db;
  readonly clock: Clock;
  readonly logger?: Logger;
}

/** Opens SSH sessions to a running lab's machines with the app's pinned host keys. */
export class LabSsh {
  private readonly pins: HostKeyPins;

  constructor(private readonly deps: LabSshDeps) {
    this.pins = new HostKeyPins(deps.db, deps.clock);
  }

  /** Throws LabNotReadyError, UnknownConnectionError, NotAnSshConnectionError or an SshError. */
  async open(courseId: string, connection?: string): Promise<SshSession> {
    const name = connection ?? defaultSshConnection(this.deps.manifest(courseId));
    const target = await this.deps.connections.resolve(courseId, name);
    if (target.protocol !== 'ssh') throw new NotAnSshConnectionError(courseId, name);
    return SshSession.connect(labSshOptions(target, name, this.pins, this.deps.logger));
  }
}
