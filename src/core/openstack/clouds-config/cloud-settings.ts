import type { LabCloudEntry, Settings, SettingsPatch } from '../../../shared/contract/settings';
import { StoredCloudSchema, type StoredCloud } from '../../../shared/openstack/stored-cloud';
import type { SettingsStore } from '../../settings/settings-store';
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
    files = new CloudConfigLoader({ env: {}, cwd: '/nonexistent/lab-console', home: '/nonexistent/lab-console', systemDirs: [], environmentOverrides: false });
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
 * (never into settings). Keeps the default cloud and the fallback order consistent with the list.
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
    const current = this.stored();
    const added: StoredCloud[] = [];
    for (const { cloud, secret } of clouds) {
      const secretKey = cloudSecretKey(cloud.name);
      await this.secrets.set(secretKey, secret);
      added.push(StoredCloudSchema.parse({ ...cloud, secretKey }));
    }
    this.settings.updateOwned({ clouds: [...current.filter((c) => !added.some((a) => a.name === c.name)), ...added] });
  }

  /** Removes a cloud added in the app, its secret, and its place as default or in the order. */
  async remove(name: string): Promise<void> {
    const current = this.settings.get();
    const cloud = this.stored().find((c) => c.name === name);
    if (!cloud) return;
    this.settings.updateOwned({ clouds: this.stored().filter((c) => c.name !== name) });
    const patch: SettingsPatch = {};
    if (current.defaultCloud === name) patch.defaultCloud = null;
    if (current.labClouds?.some((e) => e.name === name)) {
      const rest = current.labClouds.filter((e) => e.name !== name);
      patch.labClouds = rest.length ? rest : null;
    }
    if (Object.keys(patch).length) this.settings.update(patch);
    await this.secrets.delete(cloud.secretKey);
  }

  setDefault(name: string): void {
    this.settings.update({ defaultCloud: name });
  }

  setOrder(order: readonly LabCloudEntry[]): void {
    this.settings.update({ labClouds: order.length ? [...order] : null });
  }
}
