import type { ResolvedCloud } from '../clouds-config/cloud-types';
import type { EnvironmentSource } from './template-files';

/** The cloud's own Heat environment (image, flavor, network names), to pass after the course's. */
export function cloudEnvironmentSource(cloud: ResolvedCloud): EnvironmentSource | undefined {
  const env = cloud.labConsole.heatEnvironment;
  if (!env) return undefined;
  return env.kind === 'file' ? { path: env.path } : { inline: env.environment, baseDir: env.baseDir, name: `heat_environment of cloud "${cloud.name}"` };
}
