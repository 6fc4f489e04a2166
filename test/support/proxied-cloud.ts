import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { SandboxState } from '../sandbox/state';
import { FaultProxy } from './fault-proxy';

/** A sandbox learner's cloud reached through fault proxies: Keystone at auth_url, Heat by an endpoint override. */
export interface ProxiedCloud {
  readonly keystone: FaultProxy;
  readonly heat: FaultProxy;
  /** The environment of `lab-console` (CLI and serve) for this learner, as learnerEnv gives it. */
  readonly env: NodeJS.ProcessEnv;
  clear(): void;
  close(): Promise<void>;
}

/**
 * Writes a clouds.yaml into `home` whose learner cloud talks to Keystone and Heat through two
 * FaultProxy instances: auth_url is the Keystone proxy, and `orchestration_endpoint_override` (as
 * openstacksdk reads it) sends Heat's requests to the Heat proxy instead of the catalog's address.
 */
export async function proxiedLearnerCloud(state: SandboxState, home: string, learner: string): Promise<ProxiedCloud> {
  const keystone = await FaultProxy.start(new URL(state.keystone.url).origin);
  const heat = await FaultProxy.start(new URL(state.heat.url).origin);
  const clouds = parse(readFileSync(state.files.cloudsYaml, 'utf8')) as { clouds: Record<string, Record<string, unknown>> };
  const cloud = clouds.clouds[learner]!;
  (cloud.auth as Record<string, unknown>).auth_url = keystone.via(state.keystone.url);
  cloud.orchestration_endpoint_override = `${heat.via(state.heat.url)}/%(project_id)s`;
  cloud.lab_console = { heat_environment: state.files.heatEnvironment };
  const cloudsYaml = join(home, 'clouds.yaml');
  writeFileSync(cloudsYaml, stringify(clouds));
  return {
    keystone,
    heat,
    env: {
      OS_CLIENT_CONFIG_FILE: cloudsYaml,
      OS_CLIENT_SECURE_FILE: state.files.secureYaml,
      OS_CLOUD: learner,
      LAB_CONSOLE_LAB_CLOUDS: learner,
    },
    clear: () => {
      keystone.clear();
      heat.clear();
    },
    close: async () => {
      await keystone.close();
      await heat.close();
    },
  };
}
