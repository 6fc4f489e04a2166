import type { ApiHandlers } from '../api/dispatch';
import { appCloudRegistry } from '../labs/app-labs';
import type { Logger } from '../log/logger';
import { connect } from '../openstack/openstack-client';
import type { SettingsStore } from '../settings/settings-store';
import type { SecretStore } from '../store/secret-store';
import type { Clock } from '../time/clock';
import { EnrolmentService, type AppClouds } from './enrolment-service';

/** The clouds added in the app, in settings (`clouds`, owned by the app; secrets elsewhere). */
export function settingsClouds(settings: SettingsStore): AppClouds {
  return {
    list: () => [...(settings.get().clouds ?? [])],
    save: (clouds) => void settings.updateOwned({ clouds: clouds.length ? clouds : null }),
    defaultCloud: () => settings.get().defaultCloud,
    setDefault: (name) => void settings.update({ defaultCloud: name }),
  };
}

/** The enrolment service of the app and the CLI: a saved cloud is checked by logging in to it. */
export function appEnrolment(deps: {
  settings: SettingsStore;
  secrets: SecretStore;
  courses: { list(): { id: string }[]; import(path: string): Promise<unknown> };
  clock: Clock;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}): EnrolmentService {
  return new EnrolmentService({
    clouds: settingsClouds(deps.settings),
    secrets: deps.secrets,
    courses: { has: (id) => deps.courses.list().some((c) => c.id === id), import: (path) => deps.courses.import(path) },
    verify: async (name) => {
      // OS_CLOUD must not pick another cloud than the one just added.
      const { OS_CLOUD: _ignored, ...env } = deps.env ?? process.env;
      const cloud = await appCloudRegistry(deps.settings, deps.secrets, env).get(name);
      const connection = await connect(cloud, { clock: deps.clock, logger: deps.logger });
      try {
        await connection.keystone.token();
      } finally {
        await connection.close();
      }
    },
    logger: deps.logger.child('enrolment'),
  });
}

export function enrolmentHandlers(service: () => EnrolmentService): Pick<ApiHandlers, 'enrolment.read' | 'enrolment.apply'> {
  return {
    'enrolment.read': async ({ fileName, text }) => service().read(fileName, text),
    'enrolment.apply': async ({ fileName, text, password }) => service().apply(fileName, text, password),
  };
}
