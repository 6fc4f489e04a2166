import type { ResolvedCloud } from '../clouds-config/cloud-types';
import { readLocalUrl, type EnvironmentSource } from './template-files';

/**
 * The cloud's own Heat environment (image, flavor, network names), to pass after the course's.
 * It is the user's configuration (clouds.yaml), not course content: the files it names are read
 * as heatclient reads them, relative to its own file, wherever they are — never from the network.
 * A course's references go through the course's own reader, confined to its bundle.
 */
export function cloudEnvironmentSource(cloud: ResolvedCloud): EnvironmentSource | undefined {
  const env = cloud.labConsole.heatEnvironment;
  if (!env) return undefined;
  return env.kind === 'file'
    ? { path: env.path, reader: readLocalUrl }
    : { inline: env.environment, baseDir: env.baseDir, name: `heat_environment of cloud "${cloud.name}"`, reader: readLocalUrl };
}
