import type { CloudEntry, CloudKind, CloudListing, CloudsYamlCloud } from '../../../shared/contract/cloud-calls';
import type { Settings } from '../../../shared/contract/settings';
import type { AuthType } from '../../../shared/openstack/cloud-summary';
import type { StoredCloud } from '../../../shared/openstack/stored-cloud';
import type { ApiHandlers } from '../../api/dispatch';
import { UserFacingError } from '../../api/user-error';
import { silentLogger, type Logger } from '../../log/logger';
import type { SettingsStore } from '../../settings/settings-store';
import type { SecretStore } from '../../store/secret-store';
import { systemClock, type Clock } from '../../time/clock';
import { checkCloud } from '../check-cloud';
import { CloudConfigError } from '../errors';
import { connect } from '../openstack-client';
import type { CredentialChoice } from '../credential-choice';
import type { PasswordAuth, ResolvedCloud } from './cloud-types';
import { cloudCheckError } from './cloud-check-error';
import { CloudSettings, labCloudOrderFrom, settingsCloudRegistry } from './cloud-settings';
import type { CloudConfigLoaderOptions } from './cloud-config-loader';
import { resolveStoredCloud, type CloudRegistry } from './cloud-registry';
import { parseCloudsYaml, type ImportedCloud } from './clouds-yaml-import';
import { tryUnsaved, type CloudTrial, type CloudTrialFailure } from './cloud-trial';
import { updatedCloud } from './cloud-update';

type CloudCallName = Extract<keyof ApiHandlers, `clouds.${string}`>;

export interface CloudHandlerDeps {
  readonly settings: SettingsStore;
  readonly secrets: SecretStore;
  /** Tells every open window that settings (and so the clouds) changed. */
  readonly onChange?: (settings: Settings) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** Where clouds.yaml is searched (default: where the openstack CLI looks). */
  readonly search?: Partial<CloudConfigLoaderOptions>;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /**
   * Signs in with a password once and says what to keep: an application credential where Heat
   * accepts one, else the password (see credential-choice.ts). Without it, the password is kept.
   */
  readonly exchangePassword?: (cloud: ResolvedCloud & { readonly auth: PasswordAuth }) => Promise<CredentialChoice>;
  /**
   * Signs in to a cloud before it is kept (imported from clouds.yaml, entered with an application
   * credential, or edited) and asks its Heat, as the password form does. Without it, nothing is tried.
   */
  readonly tryCloud?: CloudTrial;
}

const KINDS: Record<AuthType, CloudKind> = { password: 'password', v3applicationcredential: 'app-credential', token: 'token' };

function describeSource(registry: CloudRegistry, name: string): string {
  const summary = registry.list().find((c) => c.name === name);
  if (!summary || summary.source === 'app') return 'added in the app';
  if (summary.source === 'environment') return 'from the OS_* variables';
  return `in ${summary.file ?? 'clouds.yaml'}`;
}

/** Settings › Clouds: list, import or enter, check, remove, pick the default and the fallback order. */
export function cloudHandlers(deps: CloudHandlerDeps): Pick<ApiHandlers, CloudCallName> {
  const env = deps.env ?? process.env;
  const clock = deps.clock ?? systemClock;
  const logger = (deps.logger ?? silentLogger).child('clouds');
  const store = new CloudSettings(deps.settings, deps.secrets);
  const registryNow = () => settingsCloudRegistry(deps.settings, deps.secrets, env, deps.search);

  const listing = (): CloudListing => {
    const { registry, filesProblem } = registryNow();
    const current = deps.settings.get();
    const { entries, override } = labCloudOrderFrom(current, env);
    const summaries = registry.list();
    const order =
      entries ??
      (override ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((name) => ({ name, capacity: summaries.find((c) => c.name === name)?.capacity ?? -1 }));
    const clouds = summaries.map((s): CloudEntry => {
      const place = order.findIndex((e) => e.name === s.name);
      return {
        name: s.name,
        source: s.source,
        ...(s.file ? { file: s.file } : {}),
        authUrl: s.authUrl,
        kind: KINDS[s.authType],
        ...(s.user ? { user: s.user } : {}),
        ...(s.project ? { project: s.project } : {}),
        ...(s.region ? { region: s.region } : {}),
        isDefault: s.isDefault,
        ...(place >= 0 ? { order: place + 1 } : {}),
        capacity: place >= 0 ? order[place]!.capacity : (s.capacity ?? -1),
        removable: s.source === 'app',
        ...(s.problem ? { problem: s.problem } : {}),
        ...(s.rates ? { rates: s.rates } : {}),
      };
    });
    const defaultCloud = registry.defaultName();
    return {
      clouds,
      ...(defaultCloud ? { defaultCloud } : {}),
      order,
      ...(override ? { orderOverride: override } : {}),
      ...(filesProblem ? { filesProblem } : {}),
    };
  };

  const changed = (): CloudListing => {
    deps.onChange?.(deps.settings.get());
    return listing();
  };

  const refuseTaken = (registry: CloudRegistry, names: readonly string[]): void => {
    const known = new Set(registry.names());
    const taken = names.filter((n) => known.has(n));
    if (taken.length) {
      const which = taken.map((n) => `"${n}" (${describeSource(registry, n)})`).join(', ');
      throw new UserFacingError(
        'conflict',
        `A cloud named ${which} already exists. Pick another name${taken.some((n) => describeSource(registry, n) === 'added in the app') ? ', or remove the existing one first' : ''}.`,
      );
    }
  };

  /** The trial of a cloud entered by hand: its failure is the answer to the call, and nothing is kept. */
  const requireWorking = async (name: string, cloud: Omit<StoredCloud, 'secretKey'>, secret: string): Promise<void> => {
    if (!deps.tryCloud) return;
    try {
      await deps.tryCloud(resolveStoredCloud({ ...cloud, secretKey: 'not-stored-yet' }, secret));
    } catch (error) {
      throw cloudCheckError(name, error);
    }
  };

  /** The trial of each cloud of a clouds.yaml: those that fail are set apart, with why. */
  const sortByTrial = async (clouds: ImportedCloud[]): Promise<{ passed: ImportedCloud[]; failed: CloudTrialFailure[] }> => {
    const trial = deps.tryCloud;
    if (!trial) return { passed: clouds, failed: [] };
    const outcomes = await Promise.all(clouds.map((c) => tryUnsaved(trial, c.name, c.cloud, c.secret)));
    return {
      passed: clouds.filter((_, i) => !outcomes[i]),
      failed: outcomes.filter((o): o is CloudTrialFailure => o !== undefined),
    };
  };

  const requireCloud = (registry: CloudRegistry, name: string): void => {
    if (!registry.names().includes(name)) {
      const known = registry.names();
      throw new UserFacingError(
        'not_found',
        `There is no cloud named "${name}".${known.length ? ` Known clouds: ${known.join(', ')}.` : ''}`,
      );
    }
  };

  const fromYaml = (input: { cloudsYaml: string; secureYaml?: string; names?: string[] }): ImportedCloud[] => {
    const parsed = parseYamlOrExplain(input);
    const wanted = input.names ?? parsed.names;
    if (wanted.length === 0) throw new UserFacingError('invalid_input', 'clouds.yaml defines no cloud under "clouds:".');
    return wanted.map((name) => {
      const outcome = parsed.outcomes.find((o) => o.name === name);
      if (!outcome) {
        throw new UserFacingError(
          'invalid_input',
          `clouds.yaml has no cloud named "${name}" (it has: ${parsed.names.join(', ') || 'none'}).`,
        );
      }
      if (!outcome.ok) throw new UserFacingError('invalid_input', outcome.problem);
      return outcome.value;
    });
  };

  /** A password sign-in, traded for an application credential where the cloud allows it. */
  const exchanged = async (name: string, cloud: Omit<StoredCloud, 'secretKey'>, password: string): Promise<ImportedCloud> => {
    let choice: CredentialChoice;
    try {
      const resolved = resolveStoredCloud({ ...cloud, secretKey: 'not-stored-yet' }, password);
      if (resolved.auth.type !== 'password') throw new Error('a password cloud resolved to another kind of login');
      choice = await deps.exchangePassword!({ ...resolved, auth: resolved.auth });
    } catch (error) {
      throw cloudCheckError(name, error);
    }
    if (choice.keep === 'password') {
      logger.warn('keeping the password of a cloud', { cloud: name, reason: choice.reason });
      return { name, cloud, secret: password, warnings: [choice.reason] };
    }
    logger.info('password traded for an application credential', { cloud: name, credential: choice.credentialName });
    return {
      name,
      cloud: {
        name,
        authUrl: cloud.authUrl,
        ...(cloud.regionName ? { regionName: cloud.regionName } : {}),
        authType: 'v3applicationcredential',
        applicationCredentialId: choice.auth.applicationCredentialId,
      },
      secret: choice.auth.applicationCredentialSecret,
      warnings: [
        `Signed in once with the password; Lab Console keeps the application credential "${choice.credentialName}" instead of it. You can revoke it in the cloud's dashboard.`,
      ],
    };
  };

  return {
    'clouds.list': async () => listing(),

    'clouds.inspectYaml': async (input) => {
      const parsed = parseYamlOrExplain(input);
      const known = new Set(registryNow().registry.names());
      return {
        clouds: parsed.outcomes.map((o): CloudsYamlCloud =>
          o.ok
            ? { name: o.name, kind: KINDS[o.value.cloud.authType], authUrl: o.value.cloud.authUrl, exists: known.has(o.name) }
            : { name: o.name, problem: o.problem, exists: known.has(o.name) },
        ),
      };
    },

    'clouds.add': async (input) => {
      const { registry } = registryNow();
      let imported: ImportedCloud[];
      let failed: CloudTrialFailure[] = [];
      if (input.kind === 'clouds-yaml') {
        imported = fromYaml(input);
        refuseTaken(
          registry,
          imported.map((c) => c.name),
        );
        if (!input.untested) ({ passed: imported, failed } = await sortByTrial(imported));
      } else {
        const base = { name: input.name, authUrl: input.authUrl, ...(input.regionName ? { regionName: input.regionName } : {}) };
        const cloud: Omit<StoredCloud, 'secretKey'> =
          input.kind === 'app-credential'
            ? { ...base, authType: 'v3applicationcredential', applicationCredentialId: input.applicationCredentialId }
            : {
                ...base,
                authType: 'password',
                username: input.username,
                userDomainName: input.userDomainName,
                projectName: input.projectName,
                projectDomainName: input.projectDomainName,
              };
        const secret = input.kind === 'app-credential' ? input.applicationCredentialSecret : input.password;
        refuseTaken(registry, [input.name]);
        if (input.kind === 'password' && deps.exchangePassword) imported = [await exchanged(input.name, cloud, secret)];
        else {
          await requireWorking(input.name, cloud, secret);
          imported = [{ name: input.name, cloud, secret, warnings: [] }];
        }
      }
      refuseTaken(
        registry,
        imported.map((c) => c.name),
      );
      if (imported.length) await store.add(imported);
      logger.info('clouds added', { clouds: imported.map((c) => c.name), failed: failed.map((f) => f.name) });
      return {
        ...(imported.length ? changed() : listing()),
        added: imported.map((c) => c.name),
        warnings: imported.flatMap((c) => c.warnings),
        failed,
      };
    },

    'clouds.update': async (input) => {
      const { registry } = registryNow();
      requireCloud(registry, input.name);
      const old = store.stored().find((c) => c.name === input.name);
      if (!old) {
        throw new UserFacingError(
          'invalid_input',
          `Cloud "${input.name}" is ${describeSource(registry, input.name)}, not added in the app: change it there.`,
        );
      }
      const { cloud, secret } = updatedCloud(old, input);
      await requireWorking(input.name, cloud, secret);
      await store.replace(input.name, cloud, secret);
      logger.info('cloud login replaced', { cloud: input.name, kind: cloud.authType });
      return changed();
    },

    'clouds.setRates': async (input) => {
      const { registry } = registryNow();
      requireCloud(registry, input.name);
      if (!store.stored().some((c) => c.name === input.name)) {
        throw new UserFacingError(
          'invalid_input',
          `Cloud "${input.name}" is ${describeSource(registry, input.name)}, not added in the app: set its rates there (lab_console.rates).`,
        );
      }
      store.setRates(input.name, input.rates ?? undefined);
      logger.info('cloud rates set', { cloud: input.name, currency: input.rates?.currency ?? null });
      return changed();
    },

    'clouds.check': async ({ name }) => {
      const { registry } = registryNow();
      requireCloud(registry, name);
      let connection: Awaited<ReturnType<typeof connect>> | undefined;
      try {
        const cloud = await registry.get(name);
        // One retry at most: the user is waiting for the answer, and a retry storm hides it.
        connection = await connect(cloud, { clock, logger, env, retry: { maxAttempts: 2 } });
        return await checkCloud(connection, clock);
      } catch (error) {
        throw cloudCheckError(name, error);
      } finally {
        await connection?.close().catch(() => undefined);
      }
    },

    'clouds.remove': async ({ name }) => {
      const { registry } = registryNow();
      requireCloud(registry, name);
      if (!store.stored().some((c) => c.name === name)) {
        throw new UserFacingError(
          'invalid_input',
          `Cloud "${name}" is ${describeSource(registry, name)}, not added in the app: remove it there.`,
        );
      }
      await store.remove(name);
      logger.info('cloud removed', { cloud: name });
      return changed();
    },

    'clouds.setDefault': async ({ name }) => {
      const { registry } = registryNow();
      requireCloud(registry, name);
      store.setDefault(name, notInSettings(registry));
      return changed();
    },

    'clouds.setOrder': async ({ order }) => {
      const { registry } = registryNow();
      for (const entry of order) requireCloud(registry, entry.name);
      store.setOrder(order, notInSettings(registry));
      return changed();
    },
  };
}

/** Clouds of clouds.yaml and OS_*: they exist whatever another window writes into settings. */
function notInSettings(registry: CloudRegistry): string[] {
  return registry
    .list()
    .filter((c) => c.source !== 'app')
    .map((c) => c.name);
}

function parseYamlOrExplain(input: { cloudsYaml: string; secureYaml?: string }): ReturnType<typeof parseCloudsYaml> {
  try {
    return parseCloudsYaml(input);
  } catch (error) {
    if (error instanceof CloudConfigError) throw new UserFacingError('invalid_input', error.message);
    throw error;
  }
}
