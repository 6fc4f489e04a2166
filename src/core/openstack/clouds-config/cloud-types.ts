import type { CloudRates, CloudSource, EndpointInterface } from '../../../shared/openstack/cloud-summary';

export interface PasswordAuth {
  readonly type: 'password';
  readonly authUrl: string;
  readonly username?: string;
  readonly userId?: string;
  readonly password: string;
  readonly userDomainName?: string;
  readonly userDomainId?: string;
  readonly projectName?: string;
  readonly projectId?: string;
  readonly projectDomainName?: string;
  readonly projectDomainId?: string;
}

export interface ApplicationCredentialAuth {
  readonly type: 'v3applicationcredential';
  readonly authUrl: string;
  readonly applicationCredentialId?: string;
  readonly applicationCredentialName?: string;
  readonly applicationCredentialSecret: string;
  /** A credential given by name needs its user (name + domain, or id). */
  readonly username?: string;
  readonly userId?: string;
  readonly userDomainName?: string;
  readonly userDomainId?: string;
}

export interface TokenAuth {
  readonly type: 'token';
  readonly authUrl: string;
  readonly token: string;
  readonly projectName?: string;
  readonly projectId?: string;
  readonly projectDomainName?: string;
  readonly projectDomainId?: string;
}

export type CloudAuth = PasswordAuth | ApplicationCredentialAuth | TokenAuth;

/** TLS settings as configured: file paths (clouds.yaml) or PEM text (clouds added in the app). */
export interface CloudTls {
  readonly verify: boolean;
  readonly cacertFile?: string;
  readonly cacertPem?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

/** A cloud's Heat environment: a file (resolved relative to itself) or an inline mapping. */
export type CloudHeatEnvironment =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'inline'; readonly environment: Record<string, unknown>; readonly baseDir?: string };

/** Lab Console's own settings of a cloud (the `lab_console:` key of a clouds.yaml entry). */
export interface LabConsoleCloudSettings {
  readonly heatEnvironment?: CloudHeatEnvironment;
  readonly rates?: CloudRates;
  /** Labs this cloud may run: 0 off, -1 unlimited, N at most N. */
  readonly capacity?: number;
}

/** Where a value of the cloud came from, for error messages. */
export interface CloudOrigin {
  readonly source: CloudSource;
  /** clouds.yaml (or .json) that defined the cloud. */
  readonly file?: string;
  readonly secureFile?: string;
  /**
   * Where a field of the cloud (path inside the cloud entry, e.g. ["auth", "password"]) is set or
   * should be set: the file and line and a name the user recognises
   * ("clouds.mycloud.auth.password", "OS_PASSWORD", or a Settings field).
   */
  locate(field: readonly string[]): { file?: string; line?: number; field: string };
}

/** Everything needed to talk to one cloud, after openstacksdk's merge rules. */
export interface ResolvedCloud {
  readonly name: string;
  readonly auth: CloudAuth;
  readonly regionName?: string;
  readonly interface: EndpointInterface;
  readonly tls: CloudTls;
  /** Seconds; `api_timeout` of clouds.yaml. */
  readonly apiTimeoutSeconds?: number;
  /** `<service>_endpoint_override`, e.g. orchestration → "https://heat.example/v1/%(project_id)s". */
  readonly endpointOverrides: Readonly<Record<string, string>>;
  readonly labConsole: LabConsoleCloudSettings;
  readonly origin: CloudOrigin;
}

/** A name for the user in messages: username, user id, or the application credential. */
export function describeUser(auth: CloudAuth): string {
  switch (auth.type) {
    case 'password':
      return auth.username ? `user "${auth.username}"` : `user id ${auth.userId ?? '?'}`;
    case 'v3applicationcredential':
      return auth.applicationCredentialId
        ? `application credential ${auth.applicationCredentialId}`
        : `application credential "${auth.applicationCredentialName ?? '?'}" of user "${auth.username ?? auth.userId ?? '?'}"`;
    case 'token':
      return 'the given token';
  }
}
