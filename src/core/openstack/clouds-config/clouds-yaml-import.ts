import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { StoredCloud } from '../../../shared/openstack/stored-cloud';
import { CloudConfigError } from '../errors';
import type { CloudOrigin, ResolvedCloud } from './cloud-types';
import { parseYamlFile, type LoadedConfigFile } from './config-files';
import { isMap, mergeClouds, type ConfigMap } from './merge';
import { resolveCloud } from './resolve-cloud';

/** What the file names are in messages: the user picked or pasted these, they have no path here. */
const CLOUDS_FILE = 'clouds.yaml';
const SECURE_FILE = 'secure.yaml';

/** One cloud of an imported clouds.yaml, ready to keep: the settings part and its secret apart. */
export interface ImportedCloud {
  readonly name: string;
  /** Without `secretKey`: the caller names where the secret goes. */
  readonly cloud: Omit<StoredCloud, 'secretKey'>;
  readonly secret: string;
  /** What the app cannot keep from the entry (it still works without). */
  readonly warnings: readonly string[];
}

export type ImportOutcome = { readonly name: string } & (
  { readonly ok: true; readonly value: ImportedCloud } | { readonly ok: false; readonly problem: string }
);

/** A clouds.yaml (+ secure.yaml) given as text: its clouds, each one ready to keep or with its problem. */
export interface ParsedCloudsYaml {
  readonly names: readonly string[];
  readonly outcomes: readonly ImportOutcome[];
}

function locator(clouds: LoadedConfigFile, secure: LoadedConfigFile | undefined, name: string): CloudOrigin['locate'] {
  return (field) => {
    const path = ['clouds', name, ...field];
    const secureLine = secure?.lineOf(path);
    if (secure && secureLine !== undefined) return { file: secure.path, line: secureLine, field: path.join('.') };
    // The field, else its nearest parent that is in the file (a missing password points at `auth:`).
    for (let depth = path.length; depth > 0; depth--) {
      const line = clouds.lineOf(path.slice(0, depth));
      if (line !== undefined) return { file: clouds.path, line, field: path.join('.') };
    }
    return { file: clouds.path, field: path.join('.') };
  };
}

function readCacert(cloud: ResolvedCloud): string | undefined {
  const file = cloud.tls.cacertFile;
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CloudConfigError(
      `cloud "${cloud.name}": the CA bundle ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      cloud.origin.locate(['cacert']),
      'Import the clouds.yaml on the machine that has the CA file, or fix the path.',
    );
  }
}

function heatEnvironmentOf(cloud: ResolvedCloud): Record<string, unknown> | undefined {
  const env = cloud.labConsole.heatEnvironment;
  if (!env) return undefined;
  if (env.kind === 'inline') return env.environment;
  if (!isAbsolute(env.path)) {
    throw new CloudConfigError(
      `cloud "${cloud.name}": lab_console.heat_environment names the file "${env.path}" relative to a clouds.yaml that has no folder here`,
      cloud.origin.locate(['lab_console', 'heat_environment']),
      'Give an absolute path, or put the environment inline under lab_console.heat_environment.',
    );
  }
  try {
    const parsed: unknown = parseYaml(readFileSync(env.path, 'utf8'));
    if (!isMap(parsed)) throw new Error('it is not a mapping');
    return parsed;
  } catch (error) {
    throw new CloudConfigError(
      `cloud "${cloud.name}": the Heat environment ${env.path} cannot be read (${(error as Error).message})`,
      cloud.origin.locate(['lab_console', 'heat_environment']),
    );
  }
}

/** A resolved cloud as the app keeps it: settings fields plus the one secret, or why that is impossible. */
export function storableCloud(cloud: ResolvedCloud): ImportedCloud {
  const { auth } = cloud;
  if (auth.type === 'token') {
    throw new CloudConfigError(
      `cloud "${cloud.name}" logs in with a token, which expires; the app cannot keep it`,
      cloud.origin.locate(['auth', 'token']),
      'Use a password or an application credential for this cloud.',
    );
  }
  if (cloud.tls.certFile || cloud.tls.keyFile) {
    throw new CloudConfigError(
      `cloud "${cloud.name}" uses a client certificate (cert/key files), which clouds added in the app do not support`,
      cloud.origin.locate(['cert']),
      'Keep this cloud in clouds.yaml; Lab Console reads it from there too.',
    );
  }
  const warnings: string[] = [];
  if (Object.keys(cloud.endpointOverrides).length) {
    warnings.push(
      `cloud "${cloud.name}": endpoint overrides (${Object.keys(cloud.endpointOverrides).join(', ')}) are not kept; the catalog's endpoints are used.`,
    );
  }
  if (cloud.apiTimeoutSeconds !== undefined) warnings.push(`cloud "${cloud.name}": api_timeout is not kept; the default timeouts apply.`);
  const heatEnvironment = heatEnvironmentOf(cloud);
  const cacertPem = readCacert(cloud);
  const labConsole = {
    ...(heatEnvironment ? { heatEnvironment } : {}),
    ...(cloud.labConsole.rates ? { rates: cloud.labConsole.rates } : {}),
    ...(cloud.labConsole.capacity !== undefined ? { capacity: cloud.labConsole.capacity } : {}),
  };
  const common = {
    name: cloud.name,
    authUrl: auth.authUrl,
    userId: auth.userId,
    username: auth.username,
    userDomainName: auth.userDomainName,
    userDomainId: auth.userDomainId,
    regionName: cloud.regionName || undefined,
    interface: cloud.interface,
    ...(cacertPem ? { cacertPem } : {}),
    ...(cloud.tls.verify ? {} : { verify: false }),
    ...(Object.keys(labConsole).length ? { labConsole } : {}),
  };
  const stored: Omit<StoredCloud, 'secretKey'> =
    auth.type === 'password'
      ? {
          ...common,
          authType: 'password',
          projectName: auth.projectName,
          projectId: auth.projectId,
          projectDomainName: auth.projectDomainName,
          projectDomainId: auth.projectDomainId,
        }
      : {
          ...common,
          authType: 'v3applicationcredential',
          applicationCredentialId: auth.applicationCredentialId,
          applicationCredentialName: auth.applicationCredentialName,
        };
  const secret = auth.type === 'password' ? auth.password : auth.applicationCredentialSecret;
  const clean = Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== undefined)) as Omit<StoredCloud, 'secretKey'>;
  return { name: cloud.name, cloud: clean, secret, warnings };
}

/**
 * Reads a clouds.yaml given as text (+ its secure.yaml) with openstacksdk's rules, as if it were the
 * only file: each cloud resolved (no OS_* variable applies) and turned into what the app keeps.
 * A YAML error throws, naming the line; a cloud that cannot be kept gets its problem, naming its field and line.
 */
export function parseCloudsYaml(input: { cloudsYaml: string; secureYaml?: string }): ParsedCloudsYaml {
  const clouds = parseYamlFile(CLOUDS_FILE, input.cloudsYaml);
  const secure = input.secureYaml?.trim() ? parseYamlFile(SECURE_FILE, input.secureYaml) : undefined;
  const merged: ConfigMap = secure ? mergeClouds(clouds.data, secure.data) : clouds.data;
  const entries = merged.clouds;
  if (entries === undefined) {
    throw new CloudConfigError('there is no "clouds:" mapping; this does not look like a clouds.yaml', { file: CLOUDS_FILE, line: 1 });
  }
  if (!isMap(entries)) {
    throw new CloudConfigError('"clouds" must be a mapping of cloud names to settings', {
      file: CLOUDS_FILE,
      field: 'clouds',
      line: clouds.lineOf(['clouds']),
    });
  }
  const names = Object.keys(entries);
  const outcomes = names.map((name): ImportOutcome => {
    const locate = locator(clouds, secure, name);
    try {
      const entry = entries[name];
      if (!isMap(entry)) throw new CloudConfigError(`cloud "${name}" must be a mapping of settings`, locate([]));
      const resolved = resolveCloud({
        name,
        entry,
        args: {},
        origin: { source: 'clouds.yaml', file: CLOUDS_FILE, secureFile: secure?.path, locate },
      });
      return { name, ok: true, value: storableCloud(resolved) };
    } catch (error) {
      if (error instanceof CloudConfigError) return { name, ok: false, problem: error.message };
      throw error;
    }
  });
  return { names, outcomes };
}
