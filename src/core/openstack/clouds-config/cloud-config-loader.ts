import { CloudConfigError } from '../errors';
import type { CloudOrigin, ResolvedCloud } from './cloud-types';
import { configFileLists, loadFirstConfigFile, type ConfigSearchOptions, type LoadedConfigFile } from './config-files';
import { argumentsFromEnvironment, cloudFromEnvironment, environmentVariableFor } from './env-vars';
import { isMap, mergeClouds, type ConfigMap } from './merge';
import { resolveCloud } from './resolve-cloud';

export interface CloudConfigLoaderOptions extends ConfigSearchOptions {
  /**
   * Apply OS_* auth variables over the chosen clouds.yaml entry, as the `openstack` CLI does
   * (its --os-* options default to them). Default true.
   */
  readonly environmentOverrides?: boolean;
}

/**
 * clouds.yaml + secure.yaml + OS_* as openstacksdk's OpenStackConfig reads them: the first
 * clouds file found is the only one read; the first secure file found is deep-merged over it;
 * OS_* variables make one more cloud ("envvars", or $OS_CLOUD_NAME).
 */
export class CloudConfigLoader {
  readonly cloudFile: LoadedConfigFile | undefined;
  readonly secureFile: LoadedConfigFile | undefined;
  readonly searchedFiles: readonly string[];
  private readonly clouds: Record<string, ConfigMap>;
  private readonly envCloudName: string;
  private readonly defaultName: string | undefined;

  constructor(private readonly options: CloudConfigLoaderOptions) {
    const lists = configFileLists(options);
    this.searchedFiles = lists.cloudFiles;
    this.cloudFile = loadFirstConfigFile(lists.cloudFiles);
    this.secureFile = loadFirstConfigFile(lists.secureFiles);
    let config: ConfigMap = this.cloudFile?.data ?? {};
    if (this.secureFile) config = mergeClouds(config, this.secureFile.data);
    const clouds = config.clouds ?? {};
    if (!isMap(clouds)) {
      throw new CloudConfigError('"clouds" must be a mapping of cloud names to settings', {
        file: this.cloudFile?.path ?? this.secureFile?.path,
        field: 'clouds',
        line: this.cloudFile?.lineOf(['clouds']),
      });
    }
    this.clouds = {};
    for (const [name, entry] of Object.entries(clouds)) {
      if (!isMap(entry)) {
        throw new CloudConfigError(`cloud "${name}" must be a mapping of settings`, this.fileLocation(['clouds', name]));
      }
      this.clouds[name] = entry;
    }
    const env = options.env;
    this.envCloudName = env.OS_CLOUD_NAME ?? 'envvars';
    if (this.envCloudName in this.clouds) {
      throw new CloudConfigError(
        `defines a cloud named "${this.envCloudName}", but OS_CLOUD_NAME is also set to "${this.envCloudName}"`,
        this.fileLocation(['clouds', this.envCloudName]),
        'Rename either your environment-based cloud (OS_CLOUD_NAME) or the file-based one.',
      );
    }
    let defaultName = env.OS_CLOUD || undefined;
    const envCloud = cloudFromEnvironment(env);
    if (envCloud) {
      this.clouds[this.envCloudName] = envCloud;
      defaultName ??= this.envCloudName;
    }
    const names = Object.keys(this.clouds);
    if (!defaultName && names.length === 1) defaultName = names[0];
    this.defaultName = defaultName;
  }

  /** Cloud names, file clouds first. */
  names(): string[] {
    return Object.keys(this.clouds);
  }

  /** OS_CLOUD, else the OS_* cloud, else the only cloud there is. */
  defaultCloud(): string | undefined {
    return this.defaultName;
  }

  has(name: string): boolean {
    return name in this.clouds;
  }

  isEnvironmentCloud(name: string): boolean {
    return name === this.envCloudName && !(this.cloudFile && isMap(this.cloudFile.data.clouds) && name in this.cloudFile.data.clouds);
  }

  /** One cloud with every rule applied; `regionName` selects among its regions (default OS_REGION_NAME). */
  getCloud(name?: string, selection: { regionName?: string } = {}): ResolvedCloud {
    const chosen = name ?? this.defaultName;
    if (!chosen) {
      throw new CloudConfigError(
        this.names().length === 0
          ? 'No cloud is configured.'
          : `Several clouds are configured (${this.names().join(', ')}) and none is chosen.`,
        {},
        this.names().length === 0
          ? `Create clouds.yaml in ${this.searchedFiles.slice(0, 2).join(' or ')} (or set OS_CLIENT_CONFIG_FILE), or export OS_AUTH_URL and friends.`
          : 'Pick one with --os-cloud NAME or OS_CLOUD.',
      );
    }
    const entry = this.clouds[chosen];
    if (!entry) {
      throw new CloudConfigError(
        `Cloud "${chosen}" was not found${this.cloudFile ? ` in ${this.cloudFile.path}` : ' (no clouds.yaml found)'}.`,
        {},
        this.names().length ? `Known clouds: ${this.names().join(', ')}.` : `Searched: ${this.searchedFiles.join(', ')}.`,
      );
    }
    const env = this.options.env;
    const args = this.options.environmentOverrides === false ? {} : argumentsFromEnvironment(env);
    if (selection.regionName !== undefined) args.region_name = selection.regionName;
    return resolveCloud({
      name: chosen,
      entry,
      args,
      origin: this.originOf(chosen),
      defaultDomain: env.OS_DEFAULT_DOMAIN || 'default',
      home: this.options.home,
    });
  }

  private fileLocation(path: string[]): { file?: string; line?: number; field: string } {
    const field = path.join('.');
    // The exact field, else its nearest parent that exists (a missing password points at `auth:`).
    for (let depth = path.length; depth > 0; depth--) {
      const prefix = path.slice(0, depth);
      const secureLine = this.secureFile?.lineOf(prefix);
      if (this.secureFile && secureLine !== undefined && depth === path.length) {
        return { file: this.secureFile.path, line: secureLine, field };
      }
      const line = this.cloudFile?.lineOf(prefix);
      if (line !== undefined) return { file: this.cloudFile?.path, line, field };
    }
    return { file: this.cloudFile?.path, field };
  }

  private originOf(name: string): CloudOrigin {
    if (this.isEnvironmentCloud(name)) {
      return { source: 'environment', locate: (field) => ({ field: environmentVariableFor(field) }) };
    }
    return {
      source: 'clouds.yaml',
      file: this.cloudFile?.path,
      secureFile: this.secureFile?.path,
      locate: (field) => this.fileLocation(['clouds', name, ...field]),
    };
  }
}
