import type { CourseManifest } from '../../shared/course/course-manifest';
import { HostKeyPins, SshSession, sshOptionsFor } from '../connect/ssh';
import type { Logger } from '../log/logger';
import type { Db } from '../store/database';
import type { Clock } from '../time/clock';
import type { LabConnections } from './lab-connections';

export class NotAnSshConnectionError extends Error {
  readonly kind = 'not_ssh';
  readonly apiCode = 'invalid_input';
  constructor(
    readonly courseId: string,
    readonly connection: string,
  ) {
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

export interface LabSshDeps {
  readonly connections: LabConnections;
  readonly manifest: (courseId: string) => CourseManifest;
  readonly db: Db;
  readonly clock: Clock;
  readonly logger?: Logger;
}

/**
 * Opens SSH sessions to a running lab's machines, trusting host keys as the learner's terminal does
 * (src/core/connect/ssh/lab-ssh-options.ts): the app, the CLI, checks and hooks share one set of pins.
 */
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
    return SshSession.connect(sshOptionsFor(target, name, this.pins, { logger: this.deps.logger, readyTimeoutMs: 15_000 }));
  }
}
