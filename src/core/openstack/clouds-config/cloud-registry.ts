import type { CloudSummary } from '../../../shared/openstack/cloud-summary';
import type { StoredCloud } from '../../../shared/openstack/stored-cloud';
import { SecretUnavailableError, type SecretStore } from '../../store/secret-store';
import { CloudConfigError, CloudSecretUnavailableError } from '../errors';
import type { CloudAuth, CloudOrigin, ResolvedCloud } from './cloud-types';
import type { CloudConfigLoader } from './cloud-config-loader';
import { resolveCloud } from './resolve-cloud';
import type { ConfigMap } from './merge';

export interface CloudRegistryOptions {
  /** Clouds from clouds.yaml / secure.yaml / OS_*. */
  readonly files: CloudConfigLoader;
  /** Clouds added in the app (settings), secrets in `secrets`. */
  readonly stored?: readonly StoredCloud[];
  readonly secrets: SecretStore;
  /** The default picked in Settings; OS_CLOUD still wins, as for the openstack CLI. */
  readonly defaultCloud?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Settings field names, so an error about an app cloud points at what to edit there. */
const SETTINGS_FIELDS: Record<string, string> = {
  auth_url: 'Auth URL',
  password: 'Password',
  application_credential_secret: 'Application credential secret',
  application_credential_id: 'Application credential ID',
  username: 'User name',
  project_name: 'Project',
  region_name: 'Region',
};

function appOrigin(name: string): CloudOrigin {
  return {
    source: 'app',
    locate: (field) => ({ field: `Settings › Clouds › ${name} › ${SETTINGS_FIELDS[field[field.length - 1] ?? ''] ?? field.join('.')}` }),
  };
}

function storedEntry(cloud: StoredCloud, secret: string): ConfigMap {
  const auth: ConfigMap = {
    auth_url: cloud.authUrl,
    username: cloud.username,
    user_id: cloud.userId,
    user_domain_name: cloud.userDomainName,
    user_domain_id: cloud.userDomainId,
    project_name: cloud.projectName,
    project_id: cloud.projectId,
    project_domain_name: cloud.projectDomainName,
    project_domain_id: cloud.projectDomainId,
    application_credential_id: cloud.applicationCredentialId,
    application_credential_name: cloud.applicationCredentialName,
    [cloud.authType === 'password' ? 'password' : 'application_credential_secret']: secret,
  };
  for (const key of Object.keys(auth)) if (auth[key] === undefined) delete auth[key];
  return {
    auth_type: cloud.authType,
    auth,
    ...(cloud.regionName ? { region_name: cloud.regionName } : {}),
    ...(cloud.interface ? { interface: cloud.interface } : {}),
    ...(cloud.verify !== undefined ? { verify: cloud.verify } : {}),
  };
}

function userOf(auth: CloudAuth): string | undefined {
  if (auth.type === 'password') return auth.username ?? auth.userId;
  if (auth.type === 'v3applicationcredential') return auth.applicationCredentialName ?? auth.applicationCredentialId;
  return undefined;
}

function projectOf(auth: CloudAuth): string | undefined {
  return auth.type === 'v3applicationcredential' ? undefined : (auth.projectName ?? auth.projectId);
}

/**
 * Every cloud the app knows: those of clouds.yaml / OS_* and those added in the app. A cloud added
 * in the app shadows a file cloud of the same name.
 */
export class CloudRegistry {
  private readonly stored: ReadonlyMap<string, StoredCloud>;

  constructor(private readonly options: CloudRegistryOptions) {
    this.stored = new Map((options.stored ?? []).map((c) => [c.name, c]));
  }

  names(): string[] {
    return [...new Set([...this.options.files.names(), ...this.stored.keys()])];
  }

  defaultName(): string | undefined {
    const env = this.options.env ?? process.env;
    if (env.OS_CLOUD) return env.OS_CLOUD;
    if (this.options.defaultCloud && this.names().includes(this.options.defaultCloud)) return this.options.defaultCloud;
    const fromFiles = this.options.files.defaultCloud();
    if (fromFiles) return fromFiles;
    const names = this.names();
    return names.length === 1 ? names[0] : undefined;
  }

  /** The cloud with its secret, ready to connect. */
  async get(name?: string, selection: { regionName?: string } = {}): Promise<ResolvedCloud> {
    const chosen = name ?? this.defaultName();
    const stored = chosen === undefined ? undefined : this.stored.get(chosen);
    if (!stored) return this.options.files.getCloud(chosen, selection);
    return resolveStoredCloud(stored, await this.secretOf(stored), selection.regionName);
  }

  /** Summaries for `cloud list` and Settings; no secret is read, problems are reported per cloud. */
  list(): CloudSummary[] {
    const defaultName = this.defaultName();
    return this.names().map((name) => {
      const stored = this.stored.get(name);
      try {
        const cloud = stored ? resolveStoredCloud(stored, 'not-read') : this.options.files.getCloud(name);
        return this.summarise(cloud, name === defaultName);
      } catch (error) {
        return {
          name,
          source: stored ? 'app' : this.options.files.isEnvironmentCloud(name) ? 'environment' : 'clouds.yaml',
          file: stored ? undefined : this.options.files.cloudFile?.path,
          authUrl: stored?.authUrl ?? '',
          authType: stored?.authType ?? 'password',
          interface: stored?.interface ?? 'public',
          verifyTls: stored?.verify ?? true,
          isDefault: name === defaultName,
          problem: error instanceof Error ? error.message : String(error),
        };
      }
    });
  }

  private summarise(cloud: ResolvedCloud, isDefault: boolean): CloudSummary {
    return {
      name: cloud.name,
      source: cloud.origin.source,
      file: cloud.origin.file,
      authUrl: cloud.auth.authUrl,
      authType: cloud.auth.type,
      user: userOf(cloud.auth),
      project: projectOf(cloud.auth),
      region: cloud.regionName,
      interface: cloud.interface,
      verifyTls: cloud.tls.verify,
      isDefault,
      rates: cloud.labConsole.rates,
      capacity: cloud.labConsole.capacity,
    };
  }

  private async secretOf(cloud: StoredCloud): Promise<string> {
    let secret: string | undefined;
    try {
      secret = await this.options.secrets.get(cloud.secretKey);
    } catch (error) {
      if (error instanceof SecretUnavailableError) {
        throw new CloudSecretUnavailableError(cloud.name, error.message, { cause: error });
      }
      throw error;
    }
    if (secret === undefined) {
      throw new CloudConfigError(
        `cloud "${cloud.name}": its ${cloud.authType === 'password' ? 'password' : 'application credential secret'} is not in the secret store (${this.options.secrets.kind})`,
        appOrigin(cloud.name).locate([cloud.authType === 'password' ? 'password' : 'application_credential_secret']),
        'Edit the cloud in Settings and enter it again.',
      );
    }
    return secret;
  }
}

/** A cloud added in the app, with its secret, as the client takes it. */
export function resolveStoredCloud(cloud: StoredCloud, secret: string, regionName?: string): ResolvedCloud {
  const resolved = resolveCloud({
    name: cloud.name,
    entry: storedEntry(cloud, secret),
    args: regionName ? { region_name: regionName } : {},
    origin: appOrigin(cloud.name),
  });
  const extras = cloud.labConsole;
  return {
    ...resolved,
    tls: { ...resolved.tls, ...(cloud.cacertPem ? { cacertPem: cloud.cacertPem } : {}) },
    labConsole: {
      heatEnvironment: extras?.heatEnvironment ? { kind: 'inline', environment: extras.heatEnvironment } : undefined,
      rates: extras?.rates,
      capacity: extras?.capacity,
    },
  };
}
