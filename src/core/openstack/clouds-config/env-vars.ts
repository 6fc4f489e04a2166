import type { ConfigMap } from './merge';

/**
 * openstacksdk's defaults (openstack/config/defaults.py + defaults.json) that matter to us; the
 * `openstack` CLI overrides auth_type to none so a lone OS_TOKEN selects token auth.
 */
export function configDefaults(): ConfigMap {
  return { interface: 'public', verify: true };
}

/** Variables that only pick a cloud or a file; alone they do not make an "envvars" cloud. */
const SELECTORS = new Set(['OS_CLOUD', 'OS_REGION_NAME', 'OS_CLIENT_CONFIG_FILE', 'OS_CLIENT_SECURE_FILE', 'OS_CLOUD_NAME']);

/**
 * `_get_os_environ`: every OS_* variable (but OS_TEST*, OS_STD*, OS_LOG*) becomes a key of a cloud
 * named "envvars" (OS_FOO_BAR → foo_bar); undefined when only selectors are set.
 */
export function cloudFromEnvironment(env: NodeJS.ProcessEnv): ConfigMap | undefined {
  const keys = Object.keys(env).filter(
    (k) => k.startsWith('OS_') && !k.startsWith('OS_TEST') && !k.startsWith('OS_STD') && !k.startsWith('OS_LOG'),
  );
  if (!keys.some((k) => !SELECTORS.has(k))) return undefined;
  const cloud = configDefaults();
  for (const key of keys) cloud[key.slice(3).toLowerCase()] = env[key];
  return cloud;
}

/** Auth options the `openstack` CLI registers as --os-* arguments, each defaulting to its OS_* variable. */
const ARGUMENT_KEYS = [
  'auth_url',
  'auth_type',
  'system_scope',
  'domain_id',
  'domain_name',
  'project_id',
  'project_name',
  'tenant_id',
  'tenant_name',
  'project_domain_id',
  'project_domain_name',
  'default_domain_id',
  'default_domain_name',
  'trust_id',
  'user_id',
  'username',
  'user_domain_id',
  'user_domain_name',
  'password',
  'token',
  'application_credential_id',
  'application_credential_name',
  'application_credential_secret',
  'region_name',
  'interface',
  'cacert',
  'cert',
  'key',
];

/**
 * What the `openstack` CLI takes from OS_* as command-line defaults (osc_lib/shell.py and
 * keystoneauth's argparse registration): they override the selected clouds.yaml entry.
 */
export function argumentsFromEnvironment(env: NodeJS.ProcessEnv): ConfigMap {
  const args: ConfigMap = {};
  for (const key of ARGUMENT_KEYS) {
    const value = env[`OS_${key.toUpperCase()}`];
    if (value !== undefined && value !== '') args[key] = value;
  }
  return args;
}

/** The OS_* variable that sets a field of the envvars cloud, for error messages. */
export function environmentVariableFor(field: readonly string[]): string {
  const last = field[field.length - 1] ?? '';
  return `OS_${last.toUpperCase()}`;
}
