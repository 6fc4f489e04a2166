import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { Enrolment } from '../../shared/cohort/enrolment';
import type { EnrolmentResult, EnrolmentSummary } from '../../shared/contract/enrolment-calls';
import type { StoredCloud } from '../../shared/openstack/stored-cloud';
import { UserFacingError } from '../api/user-error';
import type { Logger } from '../log/logger';
import type { SecretStore } from '../store/secret-store';
import type { DownloadedBundle } from './bundle-download';
import { enrolmentCloud, enrolmentSecretKey, parseEnrolment } from './enrolment-file';

/** What `AppClouds.put` did, so that `undo` takes back exactly that. */
export interface CloudPut {
  readonly cloud: StoredCloud;
  /** The cloud of the same name it replaced. */
  readonly replaced?: StoredCloud;
  /** Whether it made `cloud` the default, and the default before. */
  readonly madeDefault: boolean;
  readonly previousDefault?: string;
}

/**
 * The clouds added in the app (settings). Other processes (another window, the CLI) write the same
 * settings: each call is one read-modify-write of the settings as they are at that moment.
 */
export interface AppClouds {
  list(): StoredCloud[];
  /**
   * Adds `cloud` (replacing one of the same name) and makes it the default unless the default is
   * another cloud added in the app.
   */
  put(cloud: StoredCloud): CloudPut;
  /**
   * Takes back a put, as far as nobody changed it since: the cloud is removed (or the one it replaced
   * comes back) only if it is still the one put, and the default is given back only if it still
   * names that cloud — to the previous default if that still exists, else to none.
   */
  undo(put: CloudPut): void;
}

export interface EnrolmentDeps {
  readonly clouds: AppClouds;
  readonly secrets: SecretStore;
  readonly courses: {
    has(id: string): boolean;
    import(path: string): Promise<unknown>;
    /** Checks a bundle as the import would, adding nothing: its course id, or a CourseBundleError with every problem. */
    check?(path: string): Promise<string>;
  };
  /** Logs in to the saved cloud (Keystone and Heat); throws with the cloud's reason when it cannot. */
  readonly verify?: (cloud: string) => Promise<void>;
  readonly logger?: Logger;
}

const isUrl = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s);

export interface ApplyOptions {
  /** The enrolment file's folder, when known (CLI, a path from the desktop), where a relative bundle name is looked for. */
  readonly bundleDir?: string;
  /**
   * Given once the learner agreed to download the course bundle the file names by URL (having been
   * shown that URL): how to fetch it. Without it, the learner is told where to get the bundle.
   */
  readonly fetchBundle?: (url: string) => Promise<DownloadedBundle>;
}

/**
 * Opening an enrolment file in the learner's app: the cloud is added (its password in the secret
 * store, checked against Keystone before it is kept), the course bundle imported when it lies
 * beside the file, and the course opened — or the learner told which bundle to import.
 */
export class EnrolmentService {
  constructor(private readonly deps: EnrolmentDeps) {}

  read(fileName: string, text: string): EnrolmentSummary {
    const e = parseEnrolment(fileName, text);
    return {
      fileName,
      cloud: {
        name: e.cloud.name,
        authUrl: e.cloud.authUrl,
        username: e.cloud.username,
        projectName: e.cloud.projectName,
        region: e.cloud.region ?? null,
      },
      courseId: e.course.id,
      bundle: e.course.bundle ?? null,
      cohort: e.cohort ?? null,
      courseInLibrary: this.deps.courses.has(e.course.id),
      cloudExists: this.deps.clouds.list().some((c) => c.name === e.cloud.name),
    };
  }

  /**
   * Adds the cloud and finds the course. A bundle named by URL is downloaded and checked first (when
   * `fetchBundle` says the learner agreed): a refused one leaves everything as it was, the cloud too.
   */
  async apply(fileName: string, text: string, password: string, options: ApplyOptions = {}): Promise<EnrolmentResult> {
    const enrolment = parseEnrolment(fileName, text);
    if (!password)
      throw new UserFacingError('invalid_input', `Type the password of ${enrolment.cloud.username} for cloud "${enrolment.cloud.name}".`);
    const fetched = await this.fetchBundle(enrolment, options.fetchBundle);
    try {
      const { defaultCloud } = await this.addCloud(enrolment, password);
      const course = fetched ? await this.importFetched(enrolment, fetched) : await this.findCourse(enrolment, options.bundleDir);
      const cloudText = `Cloud "${enrolment.cloud.name}" added (${enrolment.cloud.username}, project ${enrolment.cloud.projectName})${defaultCloud ? ' as the default cloud' : ''}.`;
      return {
        cloud: enrolment.cloud.name,
        courseId: enrolment.course.id,
        course: course.state,
        defaultCloud,
        message: `${cloudText} ${course.message}`,
      };
    } finally {
      await fetched?.remove();
    }
  }

  /** The bundle the file names by URL, downloaded and checked as a course bundle of the enrolment's course; nothing is added. */
  private async fetchBundle(enrolment: Enrolment, fetch: ApplyOptions['fetchBundle']): Promise<DownloadedBundle | undefined> {
    const { id, bundle } = enrolment.course;
    if (!fetch || !bundle || !isUrl(bundle) || this.deps.courses.has(id)) return undefined;
    const check = this.deps.courses.check;
    if (!check) throw new Error('EnrolmentService: courses.check is needed to fetch a course bundle.');
    const fetched = await fetch(bundle);
    try {
      const found = await check(fetched.path);
      if (found !== id)
        throw new UserFacingError('invalid_input', `${fetched.sourceUrl} holds course "${found}", not "${id}", the enrolment's course.`);
      return fetched;
    } catch (error) {
      await fetched.remove();
      throw error;
    }
  }

  private async importFetched(
    enrolment: Enrolment,
    fetched: DownloadedBundle,
  ): Promise<{ state: EnrolmentResult['course']; message: string }> {
    const id = enrolment.course.id;
    await this.deps.courses.import(fetched.path);
    this.deps.logger?.info('enrolment: course bundle downloaded and imported', { course: id, from: fetched.sourceUrl });
    return { state: 'imported', message: `Course "${id}" imported from ${fetched.sourceUrl}.` };
  }

  private async addCloud(enrolment: Enrolment, password: string): Promise<{ defaultCloud: boolean }> {
    const { clouds, secrets } = this.deps;
    const cloud = enrolmentCloud(enrolment);
    const key = enrolmentSecretKey(cloud.name);
    const previousSecret = await secrets.get(key).catch(() => undefined);
    await secrets.set(key, password);
    const put = clouds.put(cloud);
    try {
      await this.deps.verify?.(cloud.name);
    } catch (error) {
      // Keep nothing of a cloud that does not work (the learner retypes the password and tries
      // again), and nothing but that: what other windows or the CLI changed meanwhile stays.
      clouds.undo(put);
      if ((await secrets.get(key).catch(() => undefined)) === password) {
        if (previousSecret === undefined) await secrets.delete(key);
        else await secrets.set(key, previousSecret);
      }
      throw new UserFacingError(
        'unauthorized',
        `Cloud "${cloud.name}" (${cloud.authUrl}) did not accept ${cloud.username} in project ${cloud.projectName}: ${(error as Error).message}`,
      );
    }
    this.deps.logger?.info('enrolment: cloud added', { cloud: cloud.name, user: cloud.username, project: cloud.projectName });
    return { defaultCloud: put.madeDefault };
  }

  private async findCourse(
    enrolment: Enrolment,
    bundleDir: string | undefined,
  ): Promise<{ state: EnrolmentResult['course']; message: string }> {
    const id = enrolment.course.id;
    if (this.deps.courses.has(id)) return { state: 'ready', message: `Course "${id}" is in your library.` };
    const bundle = enrolment.course.bundle;
    if (!bundle)
      return {
        state: 'missing',
        message: `Course "${id}" is not in your library: ask your instructor for its bundle and import it (Library › Import course…).`,
      };
    if (isUrl(bundle))
      return {
        state: 'missing',
        message: `Course "${id}" is not in your library: download ${bundle} and import it (Library › Import course…).`,
      };
    const path = isAbsolute(bundle) ? bundle : bundleDir ? join(bundleDir, bundle) : undefined;
    if (path && existsSync(path)) {
      await this.deps.courses.import(path);
      if (this.deps.courses.has(id)) return { state: 'imported', message: `Course "${id}" imported from ${basename(path)}.` };
      throw new UserFacingError('invalid_input', `${path} holds another course than "${id}", the enrolment's course.`);
    }
    return {
      state: 'missing',
      message: `Course "${id}" is not in your library: import ${basename(bundle)} (it came with the enrolment file${path ? `; not found in ${dirname(path)}` : ''}) with Library › Import course…`,
    };
  }
}
