import type { CourseManifest } from '../../shared/course/course-manifest';
import { englishMessage, type MessageRef } from '../../shared/i18n/message';
import type { LabConnectionTarget } from '../connect/connection-target';
import type { WebServiceTarget } from '../connect/web/web-protocol';
import type { SecretStore } from '../store/secret-store';
import { labSecretKey } from './lab-identity';
import { endpointOf, valueOf } from './lab-outputs';
import type { LabRecord, LabStore } from './lab-store';

export class LabNotReadyError extends Error {
  readonly kind = 'lab_not_ready';
  readonly apiCode = 'unavailable';
  readonly localized: MessageRef;
  constructor(
    readonly courseId: string,
    /** Why: a message of the catalogue (`whyNoStackMessage`, `notRunningState`). */
    why: MessageRef,
  ) {
    const localized: MessageRef = { key: 'lab.notRunning.sentence', params: { courseId, why } };
    super(englishMessage(localized));
    this.localized = localized;
    this.name = 'LabNotReadyError';
  }
}

/** A lab that is up in no way: its state, Heat's word as it is. */
export const notRunningState = (state: string): MessageRef => ({ key: 'lab.notRunning.state', params: { state } });

/** Why a lab without a stack is not running, in the learner's words: never launched, or gone. */
export function whyNoStackMessage(lab: Pick<LabRecord, 'state' | 'error'> | undefined): MessageRef {
  if (lab?.state !== 'DELETE_COMPLETE') return { key: 'lab.notRunning.notLaunched' };
  return { key: lab.error ? 'lab.notRunning.gone' : 'lab.notRunning.deleted' };
}

/** The same in English. */
export const whyNoStack = (lab: Pick<LabRecord, 'state' | 'error'> | undefined): string => englishMessage(whyNoStackMessage(lab));

export class UnknownConnectionError extends Error {
  readonly kind = 'unknown_connection';
  readonly apiCode = 'not_found';
  constructor(
    readonly courseId: string,
    readonly connection: string,
    known: readonly string[],
    what: 'connection' | 'service' = 'connection',
  ) {
    super(
      `Course "${courseId}" has no ${what} "${connection}" (it has: ${known.join(', ') || 'none'}). See lab.${what}s in its course.yaml.`,
    );
    this.name = 'UnknownConnectionError';
  }
}

export interface LabConnectionsDeps {
  readonly store: LabStore;
  readonly secrets: SecretStore;
  readonly manifest: (courseId: string) => CourseManifest;
}

/** Reads a running lab's connection details from its record (plain outputs) and the SecretStore (keys, passwords). */
export class LabConnections {
  constructor(private readonly deps: LabConnectionsDeps) {}

  async resolve(courseId: string, connectionName: string): Promise<LabConnectionTarget> {
    return this.resolveWithin(courseId, connectionName, new Set());
  }

  /** A web console's service of the running lab: where its connection's machine reaches it. */
  async resolveService(courseId: string, name: string): Promise<WebServiceTarget> {
    const services = this.deps.manifest(courseId).lab?.services ?? [];
    const service = services.find((s) => s.name === name);
    if (!service) {
      throw new UnknownConnectionError(
        courseId,
        name,
        services.map((s) => s.name),
        'service',
      );
    }
    const lab = this.deps.store.latestForCourse(courseId);
    if (!lab || !lab.stackId) throw new LabNotReadyError(courseId, { key: 'lab.notRunning.notLaunched' });
    if (lab.group !== 'up') throw new LabNotReadyError(courseId, notRunningState(lab.state));
    const what = `service ${name}`;
    const cert = service.cert_sha256 ? valueOf(service.cert_sha256, lab.outputs, what, 'cert_sha256') : undefined;
    return {
      name,
      connection: service.connection,
      host: String(valueOf(service.host, lab.outputs, what, 'host')),
      port: Number(valueOf(service.port, lab.outputs, what, 'port')),
      path: service.path,
      tls: service.tls,
      ...(cert !== undefined ? { certSha256: String(cert) } : {}),
    };
  }

  private async resolveWithin(courseId: string, connectionName: string, seen: Set<string>): Promise<LabConnectionTarget> {
    const manifest = this.deps.manifest(courseId);
    const connections = manifest.lab?.connections ?? [];
    const connection = connections.find((c) => c.name === connectionName);
    if (!connection)
      throw new UnknownConnectionError(
        courseId,
        connectionName,
        connections.map((c) => c.name),
      );
    const lab = this.deps.store.latestForCourse(courseId);
    if (!lab || !lab.stackId) throw new LabNotReadyError(courseId, whyNoStackMessage(lab));
    if (lab.group !== 'up') throw new LabNotReadyError(courseId, notRunningState(lab.state));

    const secretOf = async (source: { from: string; output?: string }): Promise<string | undefined> =>
      source.from === 'output' && source.output ? this.deps.secrets.get(labSecretKey(lab.stackName, source.output)) : undefined;
    const { host, port } = endpointOf(connection, lab.outputs);
    const user = connection.protocol === 'vnc' ? '' : String(valueOf(connection.user, lab.outputs, connection.name, 'user'));
    const password = await secretOf(connection.password);
    const [pinField, fingerprintSource] =
      connection.protocol === 'ssh'
        ? (['host_key_fingerprint', connection.host_key_fingerprint] as const)
        : connection.protocol === 'rdp'
          ? (['rdp_cert_sha256', connection.rdp_cert_sha256] as const)
          : (['vnc_cert_sha256', connection.vnc_cert_sha256] as const);
    const pinned = fingerprintSource ? valueOf(fingerprintSource, lab.outputs, connection.name, pinField) : undefined;
    const jumpName = connection.protocol === 'vnc' ? null : connection.jump;
    let jump: LabConnectionTarget | undefined;
    if (jumpName) {
      if (seen.has(connection.name))
        throw new Error(`Course "${courseId}": connection "${connection.name}" jumps through itself (a loop of jump hosts).`);
      jump = await this.resolveWithin(courseId, jumpName, new Set([...seen, connection.name]));
    }
    return {
      stackId: lab.stackId,
      protocol: connection.protocol,
      host,
      port,
      user,
      ...(connection.protocol === 'ssh' ? { privateKey: await secretOf(connection.private_key) } : {}),
      ...(password ? { password } : {}),
      ...(pinned !== undefined && connection.protocol === 'ssh' ? { hostKeyFingerprint: String(pinned) } : {}),
      ...(pinned !== undefined && connection.protocol === 'rdp' ? { rdpCertSha256: String(pinned) } : {}),
      ...(pinned !== undefined && connection.protocol === 'vnc' ? { vncCertSha256: String(pinned) } : {}),
      ...(jump ? { jump } : {}),
    };
  }
}
