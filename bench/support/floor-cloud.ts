import type { ResolvedCloud } from '../../src/core/openstack/clouds-config/cloud-types';
import { authRequestBody } from '../../src/core/openstack/keystone/requests';
import { identityV3Root, tokensUrl } from '../../src/core/openstack/keystone/urls';
import type { FloorCloud } from './undici-floor-login';

/** What the undici floor programs get in place of reading clouds.yaml: the login request, ready to send. */
export function floorCloud(cloud: ResolvedCloud): FloorCloud {
  return {
    tokensUrl: tokensUrl(identityV3Root(cloud.auth.authUrl)),
    body: authRequestBody(cloud.auth),
    interface: cloud.interface,
    ...(cloud.regionName ? { region: cloud.regionName } : {}),
  };
}
