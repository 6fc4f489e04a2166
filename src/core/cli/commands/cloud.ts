import { Command } from 'commander';
import { z } from 'zod';
import { UpdateCloudInput } from '../../../shared/contract/cloud-calls';
import { CloudCheckResultSchema, type CloudCheckResult } from '../../../shared/openstack/cloud-check';
import { CloudListSchema, type CloudList } from '../../../shared/openstack/cloud-summary';
import { StoredCloudSchema, type StoredCloud } from '../../../shared/openstack/stored-cloud';
import { CloudConfigLoader } from '../../openstack/clouds-config/cloud-config-loader';
import { CloudRegistry } from '../../openstack/clouds-config/cloud-registry';
import { apiCodeOf } from '../../api/user-error';
import { CloudConfigError } from '../../openstack/errors';
import type { CliContext } from '../cli-context';
import { CliOperationError, CliUsageError } from '../cli-errors';
import { cliServices } from '../cli-services';
import { promptHidden, readStdin } from '../secret-input';

/**
 * Clouds added in the app, from settings. Settings do not carry a `clouds` list yet; when they do
 * (an array of StoredCloud), it is read here and nothing else changes.
 */
function storedClouds(ctx: CliContext): StoredCloud[] {
  const raw = (cliServices(ctx).settings.get() as { clouds?: unknown }).clouds;
  const parsed = StoredCloudSchema.array().safeParse(raw ?? []);
  return parsed.success ? parsed.data : [];
}

/** Every cloud this CLI can use: clouds.yaml / secure.yaml / OS_* (as the openstack CLI reads them) and the app's. */
export function cliCloudRegistry(ctx: CliContext): CloudRegistry {
  let files: CloudConfigLoader;
  try {
    files = new CloudConfigLoader({ env: ctx.env, cwd: process.cwd() });
  } catch (error) {
    // A broken clouds.yaml is bad input: exit 2 with the file and line.
    if (error instanceof CloudConfigError) throw new CliUsageError(error.message, 'invalid_input');
    throw error;
  }
  const services = cliServices(ctx);
  return new CloudRegistry({
    files,
    stored: storedClouds(ctx),
    secrets: services.secrets,
    defaultCloud: services.settings.get().defaultCloud,
    env: ctx.env,
  });
}

function humanList(list: CloudList): string {
  if (list.clouds.length === 0) {
    return 'No cloud is configured. Add one in the app (Settings › Clouds), or create clouds.yaml (see `openstack` CLI docs).';
  }
  const lines = list.clouds.map((c) => {
    const mark = c.isDefault ? '*' : ' ';
    const where =
      c.source === 'clouds.yaml' ? (c.file ?? 'clouds.yaml') : c.source === 'environment' ? 'OS_* variables' : 'added in the app';
    const who = [c.user, c.project && `project ${c.project}`, c.region && `region ${c.region}`].filter(Boolean).join(', ');
    const first = `${mark} ${c.name}  ${c.authType}  ${c.authUrl}${who ? `  (${who})` : ''}  — ${where}`;
    return c.problem ? `${first}\n    problem: ${c.problem.replace(/\n/g, '\n    ')}` : first;
  });
  return [...lines, '', '* default cloud'].join('\n');
}

function humanCheck(r: CloudCheckResult): string {
  const expires = new Date(r.tokenExpiresAt);
  const minutes = Math.round((expires.getTime() - Date.now()) / 60_000);
  return [
    `Cloud ${r.cloud}: authenticated as ${r.user} in project ${r.project}.`,
    `  auth URL        ${r.authUrl}`,
    `  region          ${r.region ?? '(any)'}, interface ${r.interface}`,
    `  identity        ${r.endpoints.identity}`,
    `  orchestration   ${r.endpoints.orchestration ?? '(not in the catalog)'}`,
    `  token expires   ${r.tokenExpiresAt} (in ${minutes} min)`,
    `  Heat            ${r.heatReachable ? 'reachable' : `NOT reachable: ${r.heatProblem ?? 'unknown problem'}`}`,
    `  checked in      ${Math.round(r.elapsed)} ms`,
  ].join('\n');
}

export function cloudCommand(context: () => CliContext): Command {
  const cloud = new Command('cloud').description('Clouds: those of clouds.yaml / secure.yaml / OS_* variables and those added in the app.');

  cloud
    .command('list')
    .description('List the clouds Lab Console can use, and which is the default.')
    .action(() => {
      const ctx = context();
      const registry = cliCloudRegistry(ctx);
      ctx.out.result(CloudListSchema, { defaultCloud: registry.defaultName(), clouds: registry.list() }, humanList);
    });

  cloud
    .command('check')
    .description('Log in to a cloud, read its catalog and ask Heat: prints project, region, endpoints and token expiry.')
    .option('--os-cloud <name>', 'the cloud to check (default: --os-cloud before the command, $OS_CLOUD, or the default cloud)')
    .option('--os-region-name <name>', 'the region (default: the cloud’s, or $OS_REGION_NAME)')
    .addHelpText('after', '\nExits 1 when the login fails or Heat cannot be reached; the message says what to fix.')
    .action(async (options: { osCloud?: string; osRegionName?: string }) => {
      const ctx = context();
      const registry = cliCloudRegistry(ctx);
      let resolved;
      try {
        resolved = await registry.get(options.osCloud ?? ctx.cloudName, { regionName: options.osRegionName });
      } catch (error) {
        if (error instanceof CloudConfigError) throw new CliUsageError(error.message, 'invalid_input');
        throw error;
      }
      const logger = cliServices(ctx).logger;
      // The HTTP client (undici) loads only here: `cloud list` starts without it.
      const [{ connect }, { checkCloud }] = await Promise.all([
        import('../../openstack/openstack-client'),
        import('../../openstack/check-cloud'),
      ]);
      const connection = await connect(resolved, { logger });
      try {
        const result = await checkCloud(connection);
        // A failed check is a failure (exit 1): in --json mode it is reported as the CLI's failure
        // object alone, so stdout stays one JSON document.
        if (result.heatReachable || !ctx.out.json) ctx.out.result(CloudCheckResultSchema, result, humanCheck);
        if (!result.heatReachable) {
          throw new CliOperationError(`Heat of cloud "${result.cloud}" is not reachable: ${result.heatProblem ?? 'unknown problem'}`);
        }
      } finally {
        await connection.close();
      }
    });

  cloud
    .command('update')
    .description('Give a cloud added in the app a new login in place: a rotated password or a new application credential.')
    .argument('<name>', 'the cloud, as `cloud list` names it')
    .option('--secret-stdin', 'read the new password (or application credential secret) from standard input')
    .option('--app-credential-id <id>', 'switch to (or renew) an application credential with this ID')
    .option('--username <name>', 'a new user name to sign in with')
    .option('--project <name>', 'a new project to sign in to')
    .addHelpText(
      'after',
      '\nThe secret is asked for on a terminal, read with --secret-stdin, or taken from $OS_PASSWORD\n' +
        '($OS_APPLICATION_CREDENTIAL_SECRET with --app-credential-id). Lab Console signs in with it and\n' +
        'asks Heat first: while that fails the cloud keeps its old login (exit 1). A cloud of clouds.yaml\n' +
        'or OS_* variables is changed there (exit 2).',
    )
    .action(async (name: string, options: { secretStdin?: boolean; appCredentialId?: string; username?: string; project?: string }) => {
      const ctx = context();
      const credential = options.appCredentialId !== undefined;
      let secret = options.secretStdin ? await readStdin() : credential ? ctx.env.OS_APPLICATION_CREDENTIAL_SECRET : ctx.env.OS_PASSWORD;
      if (!secret && process.stdin.isTTY)
        secret = await promptHidden(credential ? `Secret of ${options.appCredentialId}: ` : `New password for ${name}: `);
      if (!secret) throw new CliUsageError('no secret: type it on a terminal, or use --secret-stdin or $OS_PASSWORD');
      const input = UpdateCloudInput.safeParse(
        credential
          ? { kind: 'app-credential', name, applicationCredentialId: options.appCredentialId, applicationCredentialSecret: secret }
          : {
              kind: 'password',
              name,
              password: secret,
              ...(options.username ? { username: options.username } : {}),
              ...(options.project ? { projectName: options.project } : {}),
            },
      );
      if (!input.success) throw new CliUsageError(input.error.issues.map((i) => i.message).join('; '), 'invalid_input');
      const services = cliServices(ctx);
      // The HTTP client loads only for the commands that talk to a cloud.
      const [{ cloudHandlers }, { cloudTrial }] = await Promise.all([
        import('../../openstack/clouds-config/cloud-handlers'),
        import('../../openstack/clouds-config/cloud-trial'),
      ]);
      const handlers = cloudHandlers({
        settings: services.settings,
        secrets: services.secrets,
        env: ctx.env,
        logger: services.logger,
        tryCloud: cloudTrial({ logger: services.logger, env: ctx.env }),
      });
      try {
        await handlers['clouds.update'](input.data);
      } catch (error) {
        const code = apiCodeOf(error);
        if (code === 'invalid_input' || code === 'not_found') throw new CliUsageError((error as Error).message, 'invalid_input');
        if (code) throw new CliOperationError(`${(error as Error).message}\nThe cloud keeps its old login.`);
        throw error;
      }
      ctx.out.result(
        CloudUpdated,
        { cloud: name, kind: input.data.kind },
        (r) => `Cloud ${r.cloud}: the new login signed in and reached Heat; it is saved.`,
      );
    });

  return cloud;
}

/** What `cloud update --json` prints. */
const CloudUpdated = z.object({ cloud: z.string(), kind: z.enum(['password', 'app-credential']) });
