/**
 * The dictionary rules of openstacksdk's config loader (openstack/config/_util.py, loader.py),
 * so a clouds.yaml + secure.yaml + OS_* environment means here what it means to `openstack`.
 */
export type ConfigMap = Record<string, unknown>;

export function isMap(value: unknown): value is ConfigMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `merge_clouds`: like dict.update, recursing into nested mappings (how secure.yaml lands on clouds.yaml). */
export function mergeClouds(oldMap: ConfigMap, newMap: ConfigMap): ConfigMap {
  const out: ConfigMap = { ...oldMap };
  for (const [key, value] of Object.entries(newMap)) {
    if (isMap(value)) {
      const current = out[key];
      out[key] = isMap(current) ? mergeClouds(current, value) : structuredClone(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** `_auth_update`: like dict.update, except the nested `auth` mapping is updated key by key. */
export function authUpdate(target: ConfigMap, source: ConfigMap): ConfigMap {
  for (const [key, value] of Object.entries(structuredClone(source))) {
    if (key === 'auth' && isMap(value)) {
      const current = target.auth;
      target.auth = isMap(current) ? { ...current, ...value } : { ...value };
    } else {
      target[key] = value;
    }
  }
  return target;
}

/** `normalize_keys`: "-" becomes "_" in keys; numbers become strings except verbose_level and api_timeout. */
export function normalizeKeys(config: ConfigMap): ConfigMap {
  const out: ConfigMap = {};
  for (const [rawKey, value] of Object.entries(config)) {
    const key = rawKey.replaceAll('-', '_');
    if (isMap(value)) out[key] = normalizeKeys(value);
    else if (typeof value === 'number' && key !== 'verbose_level' && key !== 'api_timeout') out[key] = String(value);
    else out[key] = value;
  }
  return out;
}

/** `get_boolean`: only true or the string "true" (any case) is true. */
export function getBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  return false;
}
