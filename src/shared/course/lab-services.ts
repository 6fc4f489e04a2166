import * as z from 'zod';
import { ConnectionName, HostSource, PortSource, TextSource, type ValueSource } from './manifest-fields';

/**
 * The web consoles of a lab (course.yaml `lab.services`): HTTP(S) services on the lab's machines —
 * a Ceph or Kubernetes dashboard, a small web app the learner writes — that the Lab screen shows
 * in a tab beside the steps. The app reaches each through an SSH port forward over one of the
 * lab's ssh connections, so the service needs no public address.
 */

/** What a service's tab is called; also how `lab.tabs` and the app name it. */
export const SERVICE_NAME_MAX = 40;
export const ServiceName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(SERVICE_NAME_MAX, `must be at most ${SERVICE_NAME_MAX} characters`)
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'must not contain control characters');

/** `none`: plain HTTP; `self-signed`: HTTPS whose certificate is pinned per lab (first seen, or `cert_sha256`). */
export const SERVICE_TLS = ['none', 'self-signed'] as const;
export type ServiceTls = (typeof SERVICE_TLS)[number];

const ServicePath = z
  .string()
  .max(2000, 'must be at most 2000 characters')
  .regex(/^\/[^\s#]*$/, 'must be a path on the service starting with "/" (no spaces, no "#"), e.g. "/" or "/dashboard/"');

export const ServiceInput = z.strictObject({
  name: ServiceName,
  connection: ConnectionName.optional(),
  host: HostSource.optional(),
  port: PortSource,
  path: ServicePath.optional(),
  tls: z.enum(SERVICE_TLS).optional(),
  cert_sha256: TextSource.optional(),
});

export interface LabService {
  readonly name: string;
  /** The ssh connection whose machine reaches the service; the forward runs over it. */
  readonly connection: string;
  /** Where that machine reaches the service; default `localhost` (the machine itself). */
  readonly host: ValueSource;
  readonly port: ValueSource;
  /** The page the tab opens first. */
  readonly path: string;
  readonly tls: ServiceTls;
  /** With `tls: self-signed`: the certificate's SHA-256 the template publishes; null: trust on first use. */
  readonly cert_sha256: ValueSource | null;
}

export const SERVICE_DEFAULTS = { host: 'localhost', path: '/', tls: 'none' } as const;

/** A service with its defaults; `firstSsh` is the lab's first ssh connection (the default way in). */
export function resolveService(input: z.output<typeof ServiceInput>, firstSsh: string | undefined): LabService {
  return {
    name: input.name,
    connection: input.connection ?? firstSsh ?? '',
    host: input.host ?? { from: 'literal', value: SERVICE_DEFAULTS.host },
    port: input.port,
    path: input.path ?? SERVICE_DEFAULTS.path,
    tls: input.tls ?? SERVICE_DEFAULTS.tls,
    cert_sha256: input.cert_sha256 ?? null,
  };
}
