/** Keystone v3 paths (api-ref: https://docs.openstack.org/api-ref/identity/v3/). */

/** The v3 root for an auth_url given with or without its version ("…:5000", "…/identity", "…/v3", "…/v2.0"). */
export function identityV3Root(authUrl: string): string {
  const trimmed = authUrl.replace(/\/+$/, '');
  if (/\/v3$/.test(trimmed)) return trimmed;
  if (/\/v2\.0$/.test(trimmed)) return trimmed.replace(/\/v2\.0$/, '/v3');
  return `${trimmed}/v3`;
}

export const tokensUrl = (root: string): string => `${root}/auth/tokens`;

export const applicationCredentialsUrl = (root: string, userId: string): string =>
  `${root}/users/${encodeURIComponent(userId)}/application_credentials`;

export const applicationCredentialUrl = (root: string, userId: string, id: string): string =>
  `${applicationCredentialsUrl(root, userId)}/${encodeURIComponent(id)}`;
