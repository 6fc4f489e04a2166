import { Command } from 'commander';
import * as z from 'zod';
import { CloudCheckResultSchema, type CloudCheckResult } from '../../../shared/openstack/cloud-check';
import { CloudListSchema, type CloudList } from '../../../shared/openstack/cloud-summary';
import type { CloudRegistry } from '../../openstack/clouds-config/cloud-registry';
import { apiCodeOf } from '../../api/user-error';
import type { CliContext } from '../cli-context';
import { CliOperationError, CliUsageError } from '../cli-errors';
import type { CloudCheckHeadStart } from './cloud-check-head-start';
import { drop, matches } from './login-head-start';
import { cloudRegistryOf, resolveCheckedCloud, startCloudCheck, type CloudCheckInputs } from './cloud-check-start';
import { cliServices } from '../cli-services';
import { promptHidden, readStdin } from '../secret-input';
import type { CliText } from '../cli-text';

/** Every cloud this CLI can use: clouds.yaml / secure.yaml / OS_* (as the openstack CLI reads them) and the app's. */
export function cliCloudRegistry(ctx: CliContext): CloudRegistry {
  return cloudRegistryOf(ctx.env, cliServices(ctx));
}

function humanList({ t }: CliText, list: CloudList): string {
  if (list.clouds.length === 0) return t('cloud.list.empty');
  const lines = list.clouds.map((c) => {
    const mark = c.isDefault ? '*' : ' ';
    const where =
      c.source === 'clouds.yaml'
        ? (c.file ?? 'clouds.yaml')
        : c.source === 'environment'
          ? t('cloud.list.fromEnvironment')
          : t('cloud.list.fromApp');
    const who = [c.user, c.project && t('cloud.list.project', { name: c.project }), c.region && t('cloud.list.region', { name: c.region })]
      .filter(Boolean)
      .join(', ');
    const first = `${mark} ${c.name}  ${c.authType}  ${c.authUrl}${who ? `  (${who})` : ''}  — ${where}`;
    return c.problem ? `${first}\n    ${t('cloud.list.problem', { problem: c.problem.replace(/\n/g, '\n    ') })}` : first;
  });
  return [...lines, '', t('cloud.list.defaultMark')].join('\n');
}

function humanCheck(text: CliText, r: CloudCheckResult): string {
  const { t } = text;
  const minutes = Math.round((new Date(r.tokenExpiresAt).getTime() - Date.now()) / 60_000);
  const rows: [string, string][] = [
    [t('cloud.check.authUrl'), r.authUrl],
    [t('cloud.check.region'), t('cloud.check.regionValue', { region: r.region ?? t('cloud.check.anyRegion'), interface: r.interface })],
    [t('cloud.check.identity'), r.endpoints.identity],
    [t('cloud.check.orchestration'), r.endpoints.orchestration ?? t('cloud.check.notInCatalog')],
    [
      t('cloud.check.tokenExpires'),
      t('cloud.check.tokenExpiresValue', { at: text.dateTime(r.tokenExpiresAt), minutes: text.integer(minutes) }),
    ],
    [
      t('cloud.check.heat'),
      r.heatReachable
        ? t('cloud.check.reachable')
        : t('cloud.check.notReachable', { problem: r.heatProblem ?? t('cloud.check.unknownProblem') }),
    ],
    [t('cloud.check.checkedIn'), t('cloud.check.milliseconds', { ms: text.integer(Math.round(r.elapsed)) })],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 3;
  return [
    t('cloud.check.authenticated', { cloud: r.cloud, user: r.user, project: r.project }),
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}${value}`),
  ].join('\n');
}

/** `headStart`: a `cloud check` the start-up snapshot began before the program was built. */
export function cloudCommand(context: () => CliContext, text: CliText, headStart?: CloudCheckHeadStart): Command {
  const { t } = text;
  const cloud = new Command('cloud').description(t('cloud.description'));

  cloud
    .command('list')
    .description(t('cloud.list.description'))
    .action(() => {
      const ctx = context();
      const registry = cliCloudRegistry(ctx);
      ctx.out.result(CloudListSchema, { defaultCloud: registry.defaultName(), clouds: registry.list() }, (list) => humanList(text, list));
    });

  cloud
    .command('check')
    .description(t('cloud.check.description'))
    .option('--os-cloud <name>', t('cloud.check.osCloud'))
    .option('--os-region-name <name>', t('cloud.check.osRegionName'))
    .addHelpText('after', `\n${t('cloud.check.exits')}`)
    .action(async (options: { osCloud?: string; osRegionName?: string }) => {
      const ctx = context();
      const inputs: CloudCheckInputs = {
        homeDir: ctx.homeDir,
        cloudName: options.osCloud ?? ctx.cloudName,
        regionName: options.osRegionName,
        verbose: Boolean(ctx.globals.verbose),
      };
      // The check the start-up snapshot began before commander ran, when it is this one.
      const early = headStart && matches(headStart, inputs) ? headStart : undefined;
      if (headStart && !early) void drop(headStart);
      const services = cliServices(ctx, early?.services);
      const { connection, checking } = await (early?.started ??
        resolveCheckedCloud(ctx.env, services, inputs).then((cloud) => startCloudCheck(cloud, services.logger)));
      try {
        // The report's date and number formatters are built while Keystone or Heat answers: two turns
        // of the event loop in, once the request has been written (its socket connects in the first).
        if (!ctx.out.json) setImmediate(() => setImmediate(() => text.prepareFormats()));
        const result = await checking;
        // A failed check is a failure (exit 1): in --json mode it is reported as the CLI's failure
        // object alone, so stdout stays one JSON document.
        if (result.heatReachable || !ctx.out.json) ctx.out.result(CloudCheckResultSchema, result, (r) => humanCheck(text, r));
        if (!result.heatReachable) {
          throw new CliOperationError(
            t('cloud.check.heatUnreachable', { cloud: result.cloud, problem: result.heatProblem ?? t('cloud.check.unknownProblem') }),
          );
        }
      } finally {
        await connection.close();
      }
    });

  cloud
    .command('update')
    .description(t('cloud.update.description'))
    .argument('<name>', t('cloud.update.name'))
    .option('--secret-stdin', t('cloud.update.secretStdin'))
    .option('--app-credential-id <id>', t('cloud.update.appCredentialId'))
    .option('--username <name>', t('cloud.update.username'))
    .option('--project <name>', t('cloud.update.project'))
    .addHelpText('after', `\n${t('cloud.update.after')}`)
    .action(async (name: string, options: { secretStdin?: boolean; appCredentialId?: string; username?: string; project?: string }) => {
      const ctx = context();
      const credential = options.appCredentialId !== undefined;
      let secret = options.secretStdin ? await readStdin() : credential ? ctx.env.OS_APPLICATION_CREDENTIAL_SECRET : ctx.env.OS_PASSWORD;
      if (!secret && process.stdin.isTTY)
        secret = await promptHidden(
          credential ? t('cloud.update.promptSecret', { id: options.appCredentialId ?? '' }) : t('cloud.update.promptPassword', { name }),
        );
      if (!secret) throw new CliUsageError(t('cloud.update.noSecret'));
      // The app's contract (its settings and rates schemas with it) loads only here: `cloud check` and `cloud list` start without it.
      const { UpdateCloudInput } = await import('../../../shared/contract/cloud-calls');
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
        if (code) throw new CliOperationError(t('cloud.update.keepsOldLogin', { message: (error as Error).message }));
        throw error;
      }
      ctx.out.result(CloudUpdated, { cloud: name, kind: input.data.kind }, (r) => t('cloud.update.saved', { cloud: r.cloud }));
    });

  return cloud;
}

/** What `cloud update --json` prints. */
const CloudUpdated = z.object({ cloud: z.string(), kind: z.enum(['password', 'app-credential']) });
