import type { InstructorSetting } from '../../shared/contract';
import { appCloudRegistry } from '../labs/app-labs';
import type { Logger } from '../log/logger';
import { connect } from '../openstack/openstack-client';
import type { SettingsStore } from '../settings/settings-store';
import type { SecretStore } from '../store/secret-store';
import type { Clock } from '../time/clock';
import type { CohortLocal } from './cohort-local';
import type { CohortSelector } from './cohort-projects';
import { CohortService } from './cohort-service';
import { instructorCloudName } from './instructor-cloud-name';

export interface InstructorCohortDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  local?: CohortLocal;
}

/** The learner projects Settings › Instructor narrows the cohort to (a call's own cohort wins). */
export function instructorSelector(instructor: InstructorSetting | undefined, cohort?: string): CohortSelector {
  const name = cohort ?? instructor?.cohort;
  return { ...(name ? { cohort: name } : {}), ...(instructor?.projectPattern ? { namePattern: instructor.projectPattern } : {}) };
}

/** One cohort service on `cloudName` (undefined: the default cloud). */
async function instructorCohort(deps: InstructorCohortDeps, cloudName: string | undefined): Promise<CohortService> {
  const registry = appCloudRegistry(deps.settings, deps.secrets, deps.env ?? process.env);
  const cloud = await registry.get(cloudName);
  const connection = await connect(cloud, { clock: deps.clock, logger: deps.logger });
  return new CohortService({
    connection,
    clock: deps.clock,
    logger: deps.logger,
    local: deps.local,
    concurrency: () => deps.settings.get().instructor?.concurrency,
  });
}

/** The instructor's cohort service of the app. */
export interface InstructorCohort {
  /** The service on the instructor's cloud of now. */
  service(): Promise<CohortService>;
  /** Closes the connections of the current service (the app quits); a later service() makes a new one. */
  close(): Promise<void>;
}

/**
 * The app's cohort service, made on first use and made again when the instructor picks another
 * cloud in Settings (the old one's connections are closed). A failed start is not kept.
 */
export function appInstructorCohort(deps: InstructorCohortDeps): InstructorCohort {
  let current: { cloud: string | undefined; service: Promise<CohortService> } | undefined;
  const closeQuietly = (made: typeof current): Promise<void> =>
    made
      ? made.service.then(
          (s) => s.close(),
          () => undefined,
        )
      : Promise.resolve();
  return {
    service: () => {
      const cloud = instructorCloudName(deps.settings.get().instructor, deps.env ?? process.env);
      if (current && current.cloud === cloud) return current.service;
      const previous = current;
      const made = { cloud, service: instructorCohort(deps, cloud) };
      made.service.catch(() => {
        if (current === made) current = undefined;
      });
      current = made;
      void closeQuietly(previous);
      return made.service;
    },
    close: () => {
      const closing = current;
      current = undefined;
      return closeQuietly(closing);
    },
  };
}
