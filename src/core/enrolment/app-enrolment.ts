import type { ApiHandlers } from '../api/dispatch';
import { appCloudRegistry } from '../labs/app-labs';
import type { Logger } from '../log/logger';
import { connect } from '../openstack/openstack-client';
import { isDeepStrictEqual } from 'node:util';
import type { StoredCloud } from '../../shared/openstack/stored-cloud';
import { storedClouds } from '../openstack/clouds-config/cloud-settings';
import type { AnySettingsPatch, SettingsStore } from '../settings/settings-store';
import type { SecretStore } from '../store/secret-store';
import type { Clock } from '../time/clock';
import { CourseValidationError } from '../courses/course-errors';
import { downloadEnrolment } from './enrolment-download';
import { downloadCourseBundle, type DownloadedBundle } from './bundle-download';
import { EnrolmentService, type AppClouds, type CloudPut, type EnrolmentDeps } from './enrolment-service';

/**
 * The clouds added in the app, in settings (`clouds`, owned by the app; secrets elsewhere), each
 * change one locked read-modify-write (SettingsStore.change). `elsewhere`: the clouds of
 * clouds.yaml and OS_*, which exist whatever settings say.
 */
export function settingsClouds(settings: SettingsStore, elsewhere: () => readonly string[] = () => []): AppClouds {
  return {
    list: () => storedClouds(settings.get()),
    put: (cloud) => {
      let put: CloudPut | undefined;
      settings.change((current) => {
        const before = storedClouds(current);
        const previousDefault = current.defaultCloud;
        // Labs launch on the default cloud: an enrolment is what this learner's labs are for, unless
        // the learner already picked another cloud of theirs.
        const madeDefault =
          previousDefault === undefined || previousDefault === cloud.name || !before.some((c) => c.name === previousDefault);
        const replaced = before.find((c) => c.name === cloud.name);
        put = { cloud, madeDefault, ...(replaced ? { replaced } : {}), ...(previousDefault !== undefined ? { previousDefault } : {}) };
        return { clouds: [...before.filter((c) => c.name !== cloud.name), cloud], ...(madeDefault ? { defaultCloud: cloud.name } : {}) };
      });
      return put!;
    },
    undo: (put) => {
      settings.change((current) => {
        const now = storedClouds(current);
        const ours = now.find((c) => c.name === put.cloud.name);
        const stillOurs = ours !== undefined && sameCloud(ours, put.cloud);
        const clouds = stillOurs ? [...now.filter((c) => c !== ours), ...(put.replaced ? [put.replaced] : [])] : now;
        const patch: AnySettingsPatch = stillOurs ? { clouds: clouds.length ? clouds : null } : {};
        const exists = (name: string | undefined): name is string =>
          name !== undefined && (clouds.some((c) => c.name === name) || elsewhere().includes(name));
        if (current.defaultCloud === put.cloud.name) {
          if (put.madeDefault && stillOurs && exists(put.previousDefault)) patch.defaultCloud = put.previousDefault;
          else if (!exists(put.cloud.name)) patch.defaultCloud = null;
        }
        return patch;
      });
    },
  };
}

/** Equal as stored in config.json (a key set to undefined is not written there). */
function sameCloud(a: StoredCloud, b: StoredCloud): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}

/** The library as an enrolment sees it; a downloaded bundle is checked as `course validate` and the import check it. */
export function libraryCourses(courses: { list(): { id: string }[]; import(path: string): Promise<unknown> }): EnrolmentDeps['courses'] {
  return {
    has: (id) => courses.list().some((c) => c.id === id),
    import: (path) => courses.import(path),
    check: async (path) => {
      // Loaded here: the bundle readers (zip, tar, markdown) cost every app start otherwise.
      const { checkBundle } = await import('../courses/bundle-check');
      const { report, manifest } = await checkBundle(path);
      if (!report.ok || !manifest) throw new CourseValidationError(report.issues);
      return manifest.id;
    },
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
    clouds: settingsClouds(deps.settings, () => {
      try {
        return appCloudRegistry(deps.settings, deps.secrets, deps.env ?? process.env)
          .list()
          .filter((c) => c.source !== 'app')
          .map((c) => c.name);
      } catch {
        // A broken clouds.yaml defines no cloud to fall back to.
        return [];
      }
    }),
    secrets: deps.secrets,
    courses: libraryCourses(deps.courses),
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

export function enrolmentHandlers(
  service: () => EnrolmentService,
  download: (url: string) => Promise<{ fileName: string; text: string }> = (url) => downloadEnrolment(url),
  downloadBundle: (url: string) => Promise<DownloadedBundle> = (url) => downloadCourseBundle(url),
): Pick<ApiHandlers, 'enrolment.read' | 'enrolment.apply' | 'enrolment.fetch'> {
  return {
    'enrolment.fetch': async ({ url }) => {
      const { fileName, text } = await download(url);
      return { fileName, text, sourceUrl: url, summary: service().read(fileName, text) };
    },
    'enrolment.read': async ({ fileName, text }) => service().read(fileName, text),
    // The bundle is fetched only when the learner, shown its address, agreed.
    'enrolment.apply': async ({ fileName, text, password, downloadBundle: agreed }) =>
      service().apply(fileName, text, password, agreed ? { fetchBundle: downloadBundle } : {}),
  };
}
