import type { CloudRates } from '../../../shared/openstack/cloud-summary';
import { randomUUID } from 'node:crypto';
import type { LabCloudEntry, Settings } from '../../../shared/contract/settings';
import { StoredCloudSchema, type StoredCloud } from '../../../shared/openstack/stored-cloud';
import { UserFacingError } from '../../api/user-error';
import type { AnySettingsPatch, SettingsStore } from '../../settings/settings-store';
import type { SecretStore } from '../../store/secret-store';
import { CloudConfigLoader, type CloudConfigLoaderOptions } from './cloud-config-loader';
import { CloudRegistry } from './cloud-registry';
import { CloudConfigError } from '../errors';

/** Where the secret of a cloud added in the app lives in the SecretStore. */
export function cloudSecretKey(name: string): string {
  return `openstack/clouds/${name}`;
}

/** The clouds added in the app, from settings; an entry a hand edit broke is skipped, not fatal. */
export function storedClouds(settings: Settings): StoredCloud[] {
  return (settings.clouds ?? []).filter((c) => StoredCloudSchema.safeParse(c).success);
}

/** A registry of the app's clouds and those of clouds.yaml; a broken clouds.yaml leaves the app's clouds usable. */
export function settingsCloudRegistry(
  settings: SettingsStore,
  secrets: SecretStore,
  env: NodeJS.ProcessEnv = process.env,
  /** Where clouds.yaml is searched (tests keep a machine's own files out). */
  search: Partial<CloudConfigLoaderOptions> = {},
): { registry: CloudRegistry; filesProblem?: string } {
  let files: CloudConfigLoader;
  let filesProblem: string | undefined;
  try {
    files = new CloudConfigLoader({ env, cwd: process.cwd(), ...search });
  } catch (error) {
    if (!(error instanceof CloudConfigError)) throw error;
    filesProblem = error.message;
    // Nothing to search: only the clouds added in the app remain.
    files = new CloudConfigLoader({
      env: {},
      cwd: '/nonexistent/lab-console',
      home: '/nonexistent/lab-console',
      systemDirs: [],
      environmentOverrides: false,
    });
  }
  const current = settings.get();
  const registry = new CloudRegistry({ files, stored: storedClouds(current), secrets, defaultCloud: current.defaultCloud, env });
  return filesProblem ? { registry, filesProblem } : { registry };
}

/**
 * The provider fallback order of new labs: LAB_CONSOLE_LAB_CLOUDS (comma-separated names, each
 * cloud's own capacity) when set, else the order picked in Settings (with its capacities).
 */
export function labCloudOrderFrom(settings: Settings, env: NodeJS.ProcessEnv): { entries: LabCloudEntry[] | undefined; override?: string } {
  const fromEnv = (env.LAB_CONSOLE_LAB_CLOUDS ?? '').trim();
  if (fromEnv) return { entries: undefined, override: fromEnv };
  return { entries: settings.labClouds?.length ? settings.labClouds : undefined };
}

/**
 * Writes the clouds added in the app: their fields into settings, their secrets into the SecretStore
 * (never into settings). Every change is one read-modify-write of the settings as they are now (see
 * SettingsStore.change), so clouds another window or the CLI added meanwhile are kept, and the
 * default cloud and the fallback order only ever name clouds that exist.
 */
export class CloudSettings {
  constructor(
    private readonly settings: SettingsStore,
    private readonly secrets: SecretStore,
  ) {}

  stored(): StoredCloud[] {
    return storedClouds(this.settings.get());
  }

  /** Adds clouds (all or none): secrets first, so a settings entry never points at a missing secret. */
  async add(clouds: readonly { cloud: Omit<StoredCloud, 'secretKey'>; secret: string }[]): Promise<void> {
    const added: StoredCloud[] = [];
    for (const { cloud, secret } of clouds) {
      const secretKey = cloudSecretKey(cloud.name);
      await this.secrets.set(secretKey, secret);
      added.push(StoredCloudSchema.parse({ ...cloud, secretKey }));
    }
    this.settings.change((current) => ({
      clouds: [...storedClouds(current).filter((c) => !added.some((a) => a.name === c.name)), ...added],
    }));
  }

  /**
   * Replaces a cloud added in the app in place (a rotated password, a new application credential):
   * the new secret goes under a key of its own first, then one settings write points the cloud at
   * it, then the old secret goes. Whatever stops half-way, the cloud has its old login or its new
   * one, whole — never a new credential id with an old secret.
   */
  async replace(name: string, cloud: Omit<StoredCloud, 'secretKey'>, secret: string): Promise<void> {
    const secretKey = `${cloudSecretKey(name)}@${randomUUID().slice(0, 8)}`;
    await this.secrets.set(secretKey, secret);
    let previous: StoredCloud | undefined;
    try {
      this.settings.change((current) => {
        const clouds = storedClouds(current);
        previous = clouds.find((c) => c.name === name);
        if (!previous) throw new UserFacingError('not_found', `There is no cloud named "${name}" (removed meanwhile?).`);
        const replaced = StoredCloudSchema.parse({ ...cloud, name, secretKey });
        return { clouds: clouds.map((c) => (c.name === name ? replaced : c)) };
      });
    } catch (error) {
      await this.secrets.delete(secretKey);
      throw error;
    }
    if (previous && previous.secretKey !== secretKey) await this.secrets.delete(previous.secretKey);
  }

  /** The lab rates of a cloud added in the app (undefined: none), everything else of it kept. */
  setRates(name: string, rates: CloudRates | undefined): void {
    this.settings.change((current) => {
      const clouds = storedClouds(current);
      const old = clouds.find((c) => c.name === name);
      if (!old) throw new UserFacingError('not_found', `There is no cloud named "${name}" (removed meanwhile?).`);
      const { rates: _old, ...labConsole } = old.labConsole ?? {};
      const extras = rates ? { ...labConsole, rates } : labConsole;
      const { labConsole: _was, ...rest } = old;
      const replaced = StoredCloudSchema.parse(Object.keys(extras).length ? { ...rest, labConsole: extras } : rest);
      return { clouds: clouds.map((c) => (c.name === name ? replaced : c)) };
    });
  }

  /**
   * Removes a cloud added in the app, its secret, and its place in the order. When it was the
   * default, the default is cleared in the same write (the user picks another; until then the
   * registry's own rule applies) so it never names a cloud that is gone.
   */
  async remove(name: string): Promise<void> {
    let removed: StoredCloud | undefined;
    this.settings.change((current) => {
      const clouds = storedClouds(current);
      removed = clouds.find((c) => c.name === name);
      if (!removed) return {};
      const rest = clouds.filter((c) => c.name !== name);
      const patch: AnySettingsPatch = { clouds: rest.length ? rest : null };
      if (current.defaultCloud === name) patch.defaultCloud = null;
      if (current.labClouds?.some((e) => e.name === name)) {
        const order = current.labClouds.filter((e) => e.name !== name);
        patch.labClouds = order.length ? order : null;
      }
      return patch;
    });
    if (removed) await this.secrets.delete(removed.secretKey);
  }

  /**
   * `elsewhere`: the clouds of clouds.yaml and OS_*, which settings do not hold. Refused when the
   * cloud is gone by the time of the write (another window removed it).
   */
  setDefault(name: string, elsewhere: readonly string[] = []): void {
    this.settings.change((current) => {
      requireExisting(current, [name], elsewhere);
      return { defaultCloud: name };
    });
  }

  setOrder(order: readonly LabCloudEntry[], elsewhere: readonly string[] = []): void {
    this.settings.change((current) => {
      requireExisting(
        current,
        order.map((e) => e.name),
        elsewhere,
      );
      return { labClouds: order.length ? [...order] : null };
    });
  }
}

function requireExisting(current: Settings, names: readonly string[], elsewhere: readonly string[]): void {
  const known = new Set([...elsewhere, ...storedClouds(current).map((c) => c.name)]);
  const missing = names.filter((n) => !known.has(n));
  if (missing.length)
    throw new UserFacingError('not_found', `There is no cloud named ${missing.map((n) => `"${n}"`).join(', ')} (removed meanwhile?).`);
}
