import { homedir } from 'node:os';
import type { EndpointInterface } from '../../../shared/openstack/cloud-summary';
import { CloudConfigError } from '../errors';
import type { CloudAuth, CloudOrigin, CloudTls, ResolvedCloud } from './cloud-types';
import { parseLabConsoleSettings } from './lab-console-settings';
import { magicFixes } from './compat-fixes';
import { authUpdate, getBoolean, isMap, normalizeKeys, type ConfigMap } from './merge';

/**
 * The `get_one` pipeline of openstacksdk's loader (openstack/config/loader.py) with the
 * auth-option handling of the `openstack` CLI (osc_lib/cli/client_config.py): defaults, region,
 * command-line/environment arguments, the backwards-compatibility "magic fixes", key normalisation,
 * default plugin selection and the move of plugin options into `auth`.
 */

interface PluginOption {
  readonly name: string;
  readonly deprecated?: readonly string[];
}

const SCOPE_OPTIONS: readonly PluginOption[] = [
  { name: 'auth_url' },
  { name: 'system_scope' },
  { name: 'domain_id' },
  { name: 'domain_name' },
  { name: 'project_id', deprecated: ['tenant_id'] },
  { name: 'project_name', deprecated: ['tenant_name'] },
  { name: 'project_domain_id' },
  { name: 'project_domain_name' },
  { name: 'trust_id' },
];
const DEFAULT_DOMAIN_OPTIONS: readonly PluginOption[] = [{ name: 'default_domain_id' }, { name: 'default_domain_name' }];
const USER_OPTIONS: readonly PluginOption[] = [
  { name: 'user_id' },
  { name: 'username', deprecated: ['user_name'] },
  { name: 'user_domain_id' },
  { name: 'user_domain_name' },
];

/** keystoneauth1's loader options per plugin (keystoneauth1/loading/_plugins/identity/{generic,v3}.py). */
const PLUGIN_OPTIONS: Record<string, readonly PluginOption[]> = {
  password: [...SCOPE_OPTIONS, ...DEFAULT_DOMAIN_OPTIONS, ...USER_OPTIONS, { name: 'password' }],
  token: [...SCOPE_OPTIONS, ...DEFAULT_DOMAIN_OPTIONS, { name: 'token' }],
  v3applicationcredential: [
    ...SCOPE_OPTIONS,
    ...USER_OPTIONS,
    { name: 'application_credential_secret' },
    { name: 'application_credential_id' },
    { name: 'application_credential_name' },
  ],
};
const PLUGIN_ALIASES: Record<string, string> = { v3password: 'password', v3token: 'token' };

const INTERFACES: Record<string, EndpointInterface> = {
  public: 'public',
  publicurl: 'public',
  internal: 'internal',
  internalurl: 'internal',
  admin: 'admin',
  adminurl: 'admin',
};

export interface ResolveCloudInput {
  readonly name: string;
  /** The cloud's entry from clouds.yaml (secure.yaml merged in), the envvars cloud, or an app cloud. */
  readonly entry: ConfigMap;
  /** Command-line / OS_* overrides, top-level keys (`region_name`, `username`, …); they win. */
  readonly args?: ConfigMap;
  readonly origin: CloudOrigin;
  /** OS_DEFAULT_DOMAIN; the `openstack` CLI's default is "default". */
  readonly defaultDomain?: string;
  readonly home?: string;
}

class Resolver {
  constructor(private readonly input: ResolveCloudInput) {}

  fail(problem: string, field: readonly string[], hint?: string): never {
    const where = this.input.origin.locate(field);
    throw new CloudConfigError(`cloud "${this.input.name}": ${problem}`, where, hint);
  }

  str(value: unknown, field: readonly string[]): string | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.fail(`must be a text value, not ${Array.isArray(value) ? 'a list' : typeof value}`, field);
  }

  expandHome(path: string): string {
    return path.startsWith('~/') || path === '~' ? (this.input.home ?? homedir()) + path.slice(1) : path;
  }
}

/** `_get_known_regions` + `_get_region`: pick the requested region among the cloud's known ones. */
function pickRegion(r: Resolver, cloud: ConfigMap, requested: string): { name: string; values: ConfigMap } {
  let known: Array<{ name: string; values: ConfigMap }> = [];
  if (cloud.regions !== undefined) {
    if (!Array.isArray(cloud.regions)) r.fail('must be a list', ['regions']);
    known = (cloud.regions as unknown[]).map((region, index) => {
      if (typeof region === 'string') return { name: region, values: {} };
      if (isMap(region) && typeof region.name === 'string' && Object.keys(region).every((k) => k === 'name' || k === 'values')) {
        return { name: region.name, values: isMap(region.values) ? region.values : {} };
      }
      return r.fail('each region is a name or {name, values}', ['regions', String(index)]);
    });
  } else if (cloud.region_name !== undefined && cloud.region_name !== null && cloud.region_name !== '') {
    const names = Array.isArray(cloud.region_name) ? cloud.region_name.map(String) : String(cloud.region_name).split(',');
    known = names.map((name) => ({ name, values: {} }));
  }
  if (known.length === 0) return { name: requested, values: {} };
  if (!requested) return known[0]!;
  const found = known.find((k) => k.name === requested);
  if (!found) {
    r.fail(`region "${requested}" is not one of its regions (${known.map((k) => k.name).join(', ')}); region names are case sensitive`, [
      cloud.regions !== undefined ? 'regions' : 'region_name',
    ]);
  }
  return found;
}

/** `_auth_select_default_plugin` of osc-lib: a username means password, a lone token means token. */
function selectPlugin(r: Resolver, cloud: ConfigMap): string {
  const auth = cloud.auth as ConfigMap;
  const given = r.str(cloud.auth_type, ['auth_type']);
  if (given) {
    const plugin = PLUGIN_ALIASES[given] ?? given;
    if (!PLUGIN_OPTIONS[plugin]) {
      r.fail(`auth_type "${given}" is not supported`, ['auth_type'], 'Use password, v3applicationcredential or token.');
    }
    return plugin;
  }
  const hasUser = cloud.username ?? auth.username ?? cloud.user_id ?? auth.user_id;
  const hasToken = cloud.token ?? auth.token;
  return !hasUser && hasToken ? 'token' : 'password';
}

/** osc-lib's `_validate_auth`: a plugin option given at top level (command line, OS_*) beats the one in `auth`. */
function moveOptionsIntoAuth(cloud: ConfigMap, plugin: string): void {
  const auth = cloud.auth as ConfigMap;
  for (const option of PLUGIN_OPTIONS[plugin]!) {
    const names = [option.name, ...(option.deprecated ?? [])];
    let winner: unknown;
    for (const source of [cloud, auth]) {
      for (const name of names) {
        if (winner === undefined && source[name] !== undefined && source[name] !== null && source[name] !== '') {
          winner = source[name];
        }
      }
    }
    for (const name of names) {
      delete cloud[name];
      delete auth[name];
    }
    if (winner !== undefined) auth[option.name] = winner;
  }
}

/** Python's str.format over the cloud's own values, as loader.magic_fixes does for auth_url. */
function formatAuthUrl(r: Resolver, template: string, cloud: ConfigMap): string {
  return template.replace(/\{(\w+)\}/g, (_whole, key: string) => {
    const value = cloud[key];
    if (value === undefined || isMap(value)) r.fail(`auth_url refers to {${key}}, which the cloud does not set`, ['auth', 'auth_url']);
    return String(value);
  });
}

function buildAuth(r: Resolver, plugin: string, auth: ConfigMap, defaultDomain: string): CloudAuth {
  const s = (key: string): string | undefined => r.str(auth[key], ['auth', key]);
  const authUrl =
    s('auth_url') ??
    r.fail('auth_url is not set', ['auth', 'auth_url'], 'Set it to the Keystone URL, e.g. https://keystone.example.org:5000/v3.');
  if (!/^https?:\/\//i.test(authUrl)) r.fail(`auth_url "${authUrl}" is not an http(s) URL`, ['auth', 'auth_url']);
  const defDomainId = s('default_domain_id');
  const defDomainName = s('default_domain_name');
  // keystoneauth's generic plugins fall back to default_domain_*; the openstack CLI to OS_DEFAULT_DOMAIN ("default").
  const domain = (id?: string, name?: string): { id?: string; name?: string } =>
    id || name ? { id, name } : defDomainId || defDomainName ? { id: defDomainId, name: defDomainName } : { id: defaultDomain };
  const projectId = s('project_id');
  const projectName = s('project_name');
  const project = projectId
    ? { projectId }
    : projectName
      ? (() => {
          const d = domain(s('project_domain_id'), s('project_domain_name'));
          return { projectName, projectDomainId: d.id, projectDomainName: d.id ? undefined : d.name };
        })()
      : {};
  switch (plugin) {
    case 'password': {
      const userId = s('user_id');
      const username = s('username');
      if (!userId && !username) r.fail('neither username nor user_id is set', ['auth', 'username']);
      const password =
        s('password') ?? r.fail('password is not set', ['auth', 'password'], 'Put it in secure.yaml, or export OS_PASSWORD.');
      if (!projectId && !projectName) {
        r.fail(
          'no project is set (project_name or project_id)',
          ['auth', 'project_name'],
          'Lab Console needs a project-scoped token to use Heat.',
        );
      }
      const d = userId ? {} : domain(s('user_domain_id'), s('user_domain_name'));
      return {
        type: 'password',
        authUrl,
        userId,
        username: userId ? undefined : username,
        password,
        userDomainId: d.id,
        userDomainName: d.id ? undefined : d.name,
        ...project,
      };
    }
    case 'v3applicationcredential': {
      const applicationCredentialSecret =
        s('application_credential_secret') ??
        r.fail(
          'application_credential_secret is not set',
          ['auth', 'application_credential_secret'],
          'Put it in secure.yaml, or export OS_APPLICATION_CREDENTIAL_SECRET.',
        );
      const id = s('application_credential_id');
      const name = s('application_credential_name');
      if (!id && !name)
        r.fail('neither application_credential_id nor application_credential_name is set', ['auth', 'application_credential_id']);
      const userId = s('user_id');
      const username = s('username');
      if (!id && !userId && !username) {
        r.fail('an application credential given by name needs its user (username and user_domain_name, or user_id)', ['auth', 'username']);
      }
      const d =
        userId || id ? { id: s('user_domain_id'), name: s('user_domain_name') } : domain(s('user_domain_id'), s('user_domain_name'));
      // The credential fixes the project: Keystone refuses a scope in this request, so none is sent.
      return {
        type: 'v3applicationcredential',
        authUrl,
        applicationCredentialId: id,
        applicationCredentialName: id ? undefined : name,
        applicationCredentialSecret,
        userId,
        username: userId ? undefined : username,
        userDomainId: d.id,
        userDomainName: d.id ? undefined : d.name,
      };
    }
    default: {
      const token = s('token') ?? r.fail('token is not set', ['auth', 'token'], 'Export OS_TOKEN, or use another auth_type.');
      if (!projectId && !projectName) r.fail('no project is set (project_name or project_id)', ['auth', 'project_name']);
      return { type: 'token', authUrl, token, ...project };
    }
  }
}

function buildTls(r: Resolver, cloud: ConfigMap): CloudTls {
  let verify = true;
  if (typeof cloud.verify === 'boolean') verify = cloud.verify;
  else if (typeof cloud.verify === 'string' && /^(true|false)$/i.test(cloud.verify)) verify = getBoolean(cloud.verify);
  else if (cloud.verify !== undefined && cloud.verify !== null) r.fail('verify must be true or false', ['verify']);
  // get_requests_verify_args: insecure is the most aggressive setting, so it wins.
  if (cloud.insecure === true) verify = false;
  const path = (key: string): string | undefined => {
    const value = r.str(cloud[key], [key]);
    return value ? r.expandHome(value) : undefined;
  };
  return { verify, cacertFile: path('cacert'), certFile: path('cert'), keyFile: path('key') };
}

export function resolveCloud(input: ResolveCloudInput): ResolvedCloud {
  const r = new Resolver(input);
  const entry = structuredClone(input.entry);
  if (entry.profile !== undefined || (input.origin.source === 'clouds.yaml' && entry.cloud !== undefined)) {
    r.fail(
      'vendor profiles (profile:) are not supported',
      [entry.profile !== undefined ? 'profile' : 'cloud'],
      'Copy auth_url and region_name from the vendor into the cloud entry.',
    );
  }
  if (entry.auth !== undefined && !isMap(entry.auth)) r.fail('auth must be a mapping', ['auth']);
  const labConsole = parseLabConsoleSettings(entry.lab_console, input.origin, input.name);
  delete entry.lab_console;
  delete entry.cloud;

  // _get_base_cloud_config: defaults, then the entry (auth merged key by key).
  let cloud: ConfigMap = authUpdate({ interface: 'public', verify: true, auth: {} }, entry);
  const args = { ...(input.args ?? {}) };
  const region = pickRegion(r, cloud, r.str(args.region_name, ['region_name']) ?? '');
  args.region_name = region.name;
  delete cloud.regions;
  for (const values of [region.values, args]) {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined || value === null) continue;
      if (key === 'auth' && isMap(value)) cloud.auth = { ...(cloud.auth as ConfigMap), ...value };
      else cloud[key] = value;
    }
  }
  cloud = normalizeKeys(magicFixes(cloud));
  const plugin = selectPlugin(r, cloud);
  moveOptionsIntoAuth(cloud, plugin);
  const auth = cloud.auth as ConfigMap;
  if (typeof auth.auth_url === 'string') auth.auth_url = formatAuthUrl(r, auth.auth_url, cloud);

  const interfaceName = r.str(cloud.interface, ['interface']) ?? 'public';
  const iface =
    INTERFACES[interfaceName.toLowerCase()] ?? r.fail(`interface "${interfaceName}" is not public, internal or admin`, ['interface']);
  let apiTimeoutSeconds: number | undefined;
  if (cloud.api_timeout !== undefined && cloud.api_timeout !== null && cloud.api_timeout !== '') {
    apiTimeoutSeconds = Number(cloud.api_timeout);
    if (!Number.isFinite(apiTimeoutSeconds) || apiTimeoutSeconds <= 0)
      r.fail('api_timeout must be a positive number of seconds', ['api_timeout']);
  }
  const endpointOverrides: Record<string, string> = {};
  for (const [key, value] of Object.entries(cloud)) {
    const match = /^(.+)_endpoint_override$/.exec(key);
    if (match && typeof value === 'string' && value) endpointOverrides[match[1]!.replaceAll('_', '-')] = value;
  }
  return {
    name: input.name,
    auth: buildAuth(r, plugin, auth, input.defaultDomain ?? 'default'),
    regionName: region.name || undefined,
    interface: iface,
    tls: buildTls(r, cloud),
    apiTimeoutSeconds,
    endpointOverrides,
    labConsole,
    origin: input.origin,
  };
}
