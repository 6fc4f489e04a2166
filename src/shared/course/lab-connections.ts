import * as z from 'zod';
import { COURSE_DEFAULTS } from './course-defaults';
import { ConnectionName, HostSource, PortSource, SecretSource, TextSource, outputSource, type ValueSource } from './manifest-fields';

/** A lab's connections (course.yaml `lab.connections`): the machines a terminal or a desktop (RDP or VNC) opens. */

const SshConnectionInput = z.strictObject({
  name: ConnectionName,
  protocol: z.literal('ssh'),
  host: HostSource.optional(),
  port: PortSource.optional(),
  user: TextSource,
  private_key: SecretSource.optional(),
  password: SecretSource.optional(),
  host_key_fingerprint: TextSource.optional(),
  jump: ConnectionName.optional(),
  read_only: z.boolean().optional(),
});

const RdpConnectionInput = z.strictObject({
  name: ConnectionName,
  protocol: z.literal('rdp'),
  host: HostSource.optional(),
  port: PortSource.optional(),
  user: TextSource,
  password: SecretSource.optional(),
  rdp_cert_sha256: TextSource.optional(),
  jump: ConnectionName.optional(),
  read_only: z.boolean().optional(),
});

const VncConnectionInput = z.strictObject({
  name: ConnectionName,
  protocol: z.literal('vnc'),
  host: HostSource.optional(),
  port: PortSource.optional(),
  password: SecretSource.optional(),
  vnc_cert_sha256: TextSource.optional(),
  read_only: z.boolean().optional(),
});

export interface SshConnection {
  readonly name: string;
  readonly protocol: 'ssh';
  readonly host: ValueSource;
  readonly port: ValueSource;
  readonly user: ValueSource;
  /** Default: output `private_key` if the stack has it. */
  readonly private_key: ValueSource;
  /** Default: output `password` if the stack has it. */
  readonly password: ValueSource;
  readonly host_key_fingerprint: ValueSource | null;
  /** Another ssh connection of this course to tunnel through (reach inner hosts via the first). */
  readonly jump: string | null;
  /** The learner sees the lab but cannot type into it (hastexo's read_only); absent = false. */
  readonly read_only?: true;
}

export interface RdpConnection {
  readonly name: string;
  readonly protocol: 'rdp';
  readonly host: ValueSource;
  readonly port: ValueSource;
  readonly user: ValueSource;
  readonly password: ValueSource;
  readonly rdp_cert_sha256: ValueSource | null;
  readonly jump: string | null;
  readonly read_only?: true;
}

/** A VNC desktop (hastexo's stack_protocol="vnc"): RFB, with the VNC password and, where the server offers it, VeNCrypt TLS. */
export interface VncConnection {
  readonly name: string;
  readonly protocol: 'vnc';
  readonly host: ValueSource;
  /** Default: 5900, the first VNC display. */
  readonly port: ValueSource;
  /** Default: output `password` if the stack has it (a server may ask for none). */
  readonly password: ValueSource;
  /** SHA-256 of the server's X.509 certificate (VeNCrypt X509*): verify it strictly instead of pinning on first use. */
  readonly vnc_cert_sha256: ValueSource | null;
  readonly read_only?: true;
}

export type Connection = SshConnection | RdpConnection | VncConnection;

export const ConnectionInput = z
  .discriminatedUnion('protocol', [SshConnectionInput, RdpConnectionInput, VncConnectionInput])
  .transform((c): Connection => {
    const host = c.host ?? outputSource(COURSE_DEFAULTS.host_output, true);
    const password = c.password ?? outputSource(COURSE_DEFAULTS.password_output, false);
    if (c.protocol === 'ssh') {
      return {
        name: c.name,
        protocol: 'ssh',
        host,
        port: c.port ?? { from: 'literal', value: COURSE_DEFAULTS.ssh_port },
        user: c.user,
        private_key: c.private_key ?? outputSource(COURSE_DEFAULTS.private_key_output, false),
        password,
        host_key_fingerprint: c.host_key_fingerprint ?? null,
        jump: c.jump ?? null,
        ...(c.read_only ? { read_only: true as const } : {}),
      };
    }
    if (c.protocol === 'vnc') {
      return {
        name: c.name,
        protocol: 'vnc',
        host,
        port: c.port ?? { from: 'literal', value: COURSE_DEFAULTS.vnc_port },
        password,
        vnc_cert_sha256: c.vnc_cert_sha256 ?? null,
        ...(c.read_only ? { read_only: true as const } : {}),
      };
    }
    return {
      name: c.name,
      protocol: 'rdp',
      host,
      port: c.port ?? { from: 'literal', value: COURSE_DEFAULTS.rdp_port },
      user: c.user,
      password,
      rdp_cert_sha256: c.rdp_cert_sha256 ?? null,
      jump: c.jump ?? null,
      ...(c.read_only ? { read_only: true as const } : {}),
    };
  });
