import { appCloudRegistry } from '../labs/app-labs';
import type { Logger } from '../log/logger';
import { connect } from '../openstack/openstack-client';
import type { SettingsStore } from '../settings/settings-store';
import type { SecretStore } from '../store/secret-store';
import type { Clock } from '../time/clock';
import type { CohortCheckDeps } from './cohort-checks';
import { CohortService } from './cohort-service';
import type { StackEventCache } from './stack-event-cache';

/**
 * The app's cohort: the cloud named by LAB_CONSOLE_INSTRUCTOR_CLOUD, else the default cloud
 * (OS_CLOUD, Settings, clouds.yaml). Its credentials decide which learner projects are reached.
 */
export async function instructorCohort(deps: {
  settings: SettingsStore;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  checks?: CohortCheckDeps;
  eventCache?: StackEventCache;
}): Promise<CohortService> {
  const env = deps.env ?? process.env;
  const registry = appCloudRegistry(deps.settings, deps.secrets, env);
  const cloud = await registry.get(env.LAB_CONSOLE_INSTRUCTOR_CLOUD || undefined);
  const connection = await connect(cloud, { clock: deps.clock, logger: deps.logger });
  return new CohortService({ connection, clock: deps.clock, logger: deps.logger, checks: deps.checks, eventCache: deps.eventCache });
}
