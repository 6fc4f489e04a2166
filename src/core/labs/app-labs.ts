import type { Settings } from '../../shared/contract/settings';
import { StoredCloudSchema } from '../../shared/openstack/stored-cloud';
import type { EventBus } from '../api/event-bus';
import type { CourseLibrary } from '../courses/course-library';
import type { Logger } from '../log/logger';
import { CloudConfigLoader } from '../openstack/clouds-config/cloud-config-loader';
import { CloudRegistry } from '../openstack/clouds-config/cloud-registry';
import type { SettingsStore } from '../settings/settings-store';
import type { Db } from '../store/database';
import type { SecretStore } from '../store/secret-store';
import type { Clock } from '../time/clock';
import { RegistryLabClouds } from './lab-clouds';
import { SettingsLabClouds } from './settings-lab-clouds';
import { labCloudOrderFrom } from '../openstack/clouds-config/cloud-settings';
import { LabService } from './lab-service';

/**
 * The clouds labs may use, in order: LAB_CONSOLE_LAB_CLOUDS (comma-separated, provider fallback),
 * else the order of Settings › Clouds (see SettingsLabClouds), else the default cloud (OS_CLOUD,
 * Settings, clouds.yaml).
 */
export function labCloudOrder(env: NodeJS.ProcessEnv): string[] {
  return (env.LAB_CONSOLE_LAB_CLOUDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function appCloudRegistry(settings: SettingsStore, secrets: SecretStore, env: NodeJS.ProcessEnv = process.env): CloudRegistry {
  const raw = (settings.get() as { clouds?: unknown }).clouds;
  const stored = StoredCloudSchema.array().safeParse(raw ?? []);
  return new CloudRegistry({
    files: new CloudConfigLoader({ env, cwd: process.cwd() }),
    stored: stored.success ? stored.data : [],
    secrets,
    defaultCloud: settings.get().defaultCloud,
    env,
  });
}

/** Settings › labStateMaxAgeSeconds in ms (default 5 s): how stale a lab's state may be before an action reads Heat again. */
export function labStateMaxAgeMs(settings: Settings): number {
  return (settings.labStateMaxAgeSeconds ?? 5) * 1000;
}

/** The app's lab service, wired to its store, secrets, courses and event bus. */
export function createAppLabs(deps: {
  db: Db;
  secrets: SecretStore;
  settings: SettingsStore;
  courses: CourseLibrary;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  env?: NodeJS.ProcessEnv;
}): LabService {
  const env = deps.env ?? process.env;
  const registryClouds = new RegistryLabClouds(
    () => appCloudRegistry(deps.settings, deps.secrets, env),
    () => labCloudOrder(env),
    { clock: deps.clock, logger: deps.logger },
    // The app runs for hours: a cloud back after an outage is seen without a click.
    { recheckEveryMs: 30_000 },
  );
  // A login changed in Settings › Clouds is tried at once where the old one was refused.
  deps.events.subscribe((name) => {
    if (name === 'settings.changed') void registryClouds.loginsChanged();
  });
  return new LabService({
    db: deps.db,
    secrets: deps.secrets,
    courses: deps.courses,
    // Fallback order and capacities: LAB_CONSOLE_LAB_CLOUDS, else Settings › Clouds, else the default cloud.
    clouds: new SettingsLabClouds(registryClouds, () => labCloudOrderFrom(deps.settings.get(), env).entries),
    usageLimit: () => deps.settings.get().usageLimit,
    stateMaxAgeMs: () => labStateMaxAgeMs(deps.settings.get()),
    clock: deps.clock,
    logger: deps.logger,
    onView: (view) => deps.events.emit('lab.changed', view),
    onNotice: (notice) => deps.events.emit('lab.notice', notice),
  });
}
