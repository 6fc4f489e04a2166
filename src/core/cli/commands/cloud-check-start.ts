import { StoredCloudSchema, type StoredCloud } from '../../../shared/openstack/stored-cloud';
import type { CloudCheckResult } from '../../../shared/openstack/cloud-check';
import { CloudConfigLoader } from '../../openstack/clouds-config/cloud-config-loader';
import { CloudRegistry } from '../../openstack/clouds-config/cloud-registry';
import type { ResolvedCloud } from '../../openstack/clouds-config/cloud-types';
import { CloudConfigError } from '../../openstack/errors';
import type { OpenStackConnection } from '../../openstack/openstack-client';
import type { Logger } from '../../log/logger';
import type { CliServices } from '../cli-run-context';
import { CliUsageError } from '../cli-errors';

/** What `cloud check` checks: which cloud, read from which data folder, and whether its log is echoed. */
export interface CloudCheckInputs {
  readonly homeDir: string;
  readonly cloudName: string | undefined;
  readonly regionName: string | undefined;
  readonly verbose: boolean;
}

/** A check in flight: its login sent, the rest following. */
export interface StartedCloudCheck {
  readonly connection: OpenStackConnection;
  readonly checking: Promise<CloudCheckResult>;
}

/**
 * Clouds added in the app, from settings. Settings do not carry a `clouds` list yet; when they do
 * (an array of StoredCloud), it is read here and nothing else changes.
 */
function storedClouds(settings: object): StoredCloud[] {
  const raw = (settings as { clouds?: unknown }).clouds;
  const parsed = StoredCloudSchema.array().safeParse(raw ?? []);
  return parsed.success ? parsed.data : [];
}

/** Every cloud this CLI can use: clouds.yaml / secure.yaml / OS_* (as the openstack CLI reads them) and the app's. */
export function cloudRegistryOf(env: NodeJS.ProcessEnv, services: CliServices): CloudRegistry {
  let files: CloudConfigLoader;
  try {
    files = new CloudConfigLoader({ env, cwd: process.cwd() });
  } catch (error) {
    // A broken clouds.yaml is bad input: exit 2 with the file and line.
    if (error instanceof CloudConfigError) throw new CliUsageError(error.message, 'invalid_input');
    throw error;
  }
  // Read once: each read parses config.json and its schema again, before the login can leave.
  const settings = services.settings.get();
  return new CloudRegistry({ files, stored: storedClouds(settings), secrets: services.secrets, defaultCloud: settings.defaultCloud, env });
}

/** The cloud `cloud check` checks; one that cannot be resolved is bad input (exit 2). */
export async function resolveCheckedCloud(env: NodeJS.ProcessEnv, services: CliServices, inputs: CloudCheckInputs): Promise<ResolvedCloud> {
  const registry = cloudRegistryOf(env, services);
  try {
    return await registry.get(inputs.cloudName, { regionName: inputs.regionName });
  } catch (error) {
    if (error instanceof CloudConfigError) throw new CliUsageError(error.message, 'invalid_input');
    throw error;
  }
}

/** Connects to `cloud` and starts the check: its login request is on its way when this resolves. */
export async function startCloudCheck(cloud: ResolvedCloud, logger: Logger): Promise<StartedCloudCheck> {
  // The HTTP client (undici) loads only here: `cloud list` starts without it.
  const [{ connect }, { checkCloud }] = await Promise.all([
    import('../../openstack/openstack-client'),
    import('../../openstack/check-cloud'),
  ]);
  const connection = await connect(cloud, { logger });
  const checking = checkCloud(connection);
  // Awaited by the command (or dropped with the connection): never an unhandled rejection meanwhile.
  checking.catch(() => undefined);
  return { connection, checking };
}
