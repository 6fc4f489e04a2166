import type { CloudCheckResult } from '../../shared/openstack/cloud-check';
import { systemClock, type Clock } from '../time/clock';
import { describeUser } from './clouds-config/cloud-types';
import type { OpenStackConnection } from './openstack-client';
import { EndpointNotFoundError } from './errors';

/**
 * `lab-console cloud check`: authenticate, read the catalog, and ask Heat something cheap.
 * Auth and configuration problems throw (they are the answer); an unreachable Heat is reported
 * in the result so the rest of what was learnt is still shown.
 */
export async function checkCloud(connection: OpenStackConnection, clock: Clock = systemClock): Promise<CloudCheckResult> {
  const started = clock.now();
  const { cloud, keystone, heat } = connection;
  const token = await keystone.token();
  let identity = keystone.identityRoot;
  try {
    identity = keystone.endpointFor(token, 'identity');
  } catch (error) {
    if (!(error instanceof EndpointNotFoundError)) throw error;
  }
  let orchestration: string | undefined;
  let heatReachable = false;
  let heatProblem: string | undefined;
  try {
    orchestration = keystone.endpointFor(token, 'orchestration');
    await heat.buildInfo();
    heatReachable = true;
  } catch (error) {
    heatProblem = error instanceof Error ? error.message : String(error);
  }
  const user = token.user.name ?? token.user.id;
  return {
    cloud: cloud.name,
    authUrl: cloud.auth.authUrl,
    user: user || describeUser(cloud.auth),
    project: token.project?.name ?? token.project?.id ?? '',
    ...(cloud.regionName ? { region: cloud.regionName } : {}),
    interface: cloud.interface,
    endpoints: { identity, ...(orchestration ? { orchestration } : {}) },
    tokenExpiresAt: token.expiresAtIso,
    heatReachable,
    ...(heatProblem ? { heatProblem } : {}),
    elapsed: clock.now() - started,
  };
}
