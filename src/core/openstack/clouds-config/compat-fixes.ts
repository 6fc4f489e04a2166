import { getBoolean, type ConfigMap } from './merge';

/**
 * openstacksdk's backwards-compatibility "magic fixes" (openstack/config/loader.py `magic_fixes`):
 * old spellings of clouds.yaml keys mapped to today's, so old files mean what they meant.
 */

/** `_fix_backwards_project`: tenant → project, hyphenated spellings, auth_token → token, all into auth. */
function fixBackwardsProject(cloud: ConfigMap): void {
  const auth = cloud.auth as ConfigMap;
  const mappings: Array<[string, string[]]> = [
    ['domain_id', ['domain_id', 'domain-id']],
    ['domain_name', ['domain_name', 'domain-name']],
    ['user_domain_id', ['user_domain_id', 'user-domain-id']],
    ['user_domain_name', ['user_domain_name', 'user-domain-name']],
    ['project_domain_id', ['project_domain_id', 'project-domain-id']],
    ['project_domain_name', ['project_domain_name', 'project-domain-name']],
    ['token', ['auth-token', 'auth_token', 'token']],
    ['project_id', ['tenant_id', 'tenant-id', 'project_id', 'project-id']],
    ['project_name', ['tenant_name', 'tenant-name', 'project_name', 'project-name']],
  ];
  for (const [target, keys] of mappings) {
    let value: unknown;
    for (const key of keys) {
      if (key in cloud) {
        value = cloud[key];
        delete cloud[key];
      }
      if (key in auth) {
        value = auth[key];
        delete auth[key];
      }
    }
    if (value !== undefined && value !== null && value !== '') auth[target] = String(value);
  }
}

/** `_handle_domain_id`: a single domain_id / domain_name stands for both the user's and the project's. */
function handleDomainId(cloud: ConfigMap): void {
  const auth = cloud.auth as ConfigMap;
  const projectScoped = ['project_id', 'project_name'].some((k) => k in cloud || k in auth);
  const mappings: Array<[string, [string, string]]> = [
    ['domain_id', ['user_domain_id', 'project_domain_id']],
    ['domain_name', ['user_domain_name', 'project_domain_name']],
  ];
  for (const [target, keys] of mappings) {
    if (!projectScoped) {
      if (target in cloud && !(target in auth)) {
        auth[target] = cloud[target];
        delete cloud[target];
      }
      continue;
    }
    for (const key of keys) if (target in auth && !(key in auth)) auth[key] = auth[target];
    delete cloud[target];
    delete auth[target];
  }
}

export function magicFixes(cloud: ConfigMap): ConfigMap {
  if (cloud.auth_token && !cloud.token) cloud.token = cloud.auth_token;
  delete cloud.auth_token;
  for (const key of Object.keys(cloud)) {
    // `_fix_backwards_api_timeout`: heat_timeout and friends all mean api_timeout.
    if (key.endsWith('timeout') && key !== 'timeout' && key !== 'api_timeout') {
      cloud.api_timeout = cloud[key];
      delete cloud[key];
    }
  }
  if ('endpoint_type' in cloud) {
    cloud.interface = cloud.endpoint_type;
    delete cloud.endpoint_type;
  }
  if ('auth_plugin' in cloud) {
    cloud.auth_type ??= cloud.auth_plugin;
    delete cloud.auth_plugin;
  }
  fixBackwardsProject(cloud);
  const fixed: ConfigMap = {};
  for (const [key, value] of Object.entries(cloud)) {
    fixed[key.endsWith('endpoint_type') ? key.replace('endpoint_type', 'interface') : key] = value;
  }
  handleDomainId(fixed);
  if ('insecure' in fixed) fixed.insecure = getBoolean(fixed.insecure);
  return fixed;
}
