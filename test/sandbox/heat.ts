import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { run, SYSTEM_PYTHON } from './command';
import { daemonEnv, startDaemon } from './daemon';
import { keystoneUrl } from './keystone';
import type { SandboxPaths } from './paths';
import type { SandboxConfig } from './sandbox-config';

export function heatUrl(config: SandboxConfig): string {
  return `http://127.0.0.1:${config.ports.heat}/v1`;
}

function files(paths: SandboxPaths) {
  return {
    conf: join(paths.heatDir, 'heat.conf'),
    paste: join(paths.heatDir, 'api-paste.ini'),
    db: join(paths.heatDir, 'heat.sqlite'),
    environmentDir: join(paths.heatDir, 'environment.d'),
    templateDir: join(paths.heatDir, 'templates.d'),
    heatAll: join(paths.heatDir, 'bin', 'heat-all'),
    heatManage: join(paths.heatDir, 'bin', 'heat-manage'),
    log: join(paths.logDir, 'heat.log'),
    setupLog: join(paths.logDir, 'heat-setup.log'),
    pid: paths.pidFiles.heat,
  };
}

// heat-common's api-paste.ini pipeline, without osprofiler (not installed)
const API_PASTE = `[pipeline:heat-api]
pipeline = healthcheck cors request_id faultwrap http_proxy_to_wsgi versionnegotiation authurl authtoken context apiv1app

[app:apiv1app]
paste.app_factory = heat.common.wsgi:app_factory
heat.app_factory = heat.api.openstack.v1:API

[filter:healthcheck]
paste.filter_factory = oslo_middleware:Healthcheck.factory

[filter:versionnegotiation]
paste.filter_factory = heat.common.wsgi:filter_factory
heat.filter_factory = heat.api.openstack:version_negotiation_filter

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = heat

[filter:faultwrap]
paste.filter_factory = heat.common.wsgi:filter_factory
heat.filter_factory = heat.api.openstack:faultwrap_filter

[filter:context]
paste.filter_factory = heat.common.context:ContextMiddleware_filter_factory

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory

[filter:authurl]
paste.filter_factory = heat.common.auth_url:filter_factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:request_id]
paste.filter_factory = oslo_middleware.request_id:RequestId.factory
`;

/** python3-heat ships no launchers; these call the entry points the heat-* scripts would. */
function launcher(module: string): string {
  return `#!${SYSTEM_PYTHON}\nimport sys\nfrom heat.cmd.${module} import main\nsys.exit(main())\n`;
}

export function writeHeatConfig(paths: SandboxPaths, config: SandboxConfig): void {
  const f = files(paths);
  for (const dir of [paths.heatDir, f.environmentDir, f.templateDir, join(paths.heatDir, 'bin')]) mkdirSync(dir, { recursive: true });
  writeFileSync(f.paste, API_PASTE);
  writeFileSync(f.heatAll, launcher('all'));
  writeFileSync(f.heatManage, launcher('manage'));
  chmodSync(f.heatAll, 0o755);
  chmodSync(f.heatManage, 0o755);
  const identity = `http://127.0.0.1:${config.ports.keystone}`;
  const heatRoot = `http://127.0.0.1:${config.ports.heat}`;
  const serviceAuth = `auth_type = password
auth_url = ${identity}
username = heat
password = ${config.passwords.heatService}
user_domain_name = Default`;
  writeFileSync(
    f.conf,
    `[DEFAULT]
# API and engine in one eventlet process talking over an in-memory bus: no RabbitMQ, nothing forks
transport_url = fake://
num_engine_workers = 1
plugin_dirs = ${paths.heatPluginDir}
environment_dir = ${f.environmentDir}
template_dir = ${f.templateDir}
region_name_for_services = ${config.region}
stack_user_domain_name = heat
stack_domain_admin = heat_domain_admin
stack_domain_admin_password = ${config.passwords.heatDomainAdmin}
auth_encryption_key = ${config.heatAuthEncryptionKey}
heat_metadata_server_url = ${heatRoot}
heat_waitcondition_server_url = ${heatRoot}/v1/waitcondition
max_stacks_per_tenant = 5000
use_stderr = true

[heat_all]
enabled_services = engine,api

[heat_api]
bind_host = 127.0.0.1
bind_port = ${config.ports.heat}
workers = 1

[database]
connection = sqlite:///${f.db}

[paste_deploy]
api_paste_config = ${f.paste}

[oslo_messaging_notifications]
driver = noop

[clients_keystone]
auth_uri = ${identity}

[keystone_authtoken]
www_authenticate_uri = ${keystoneUrl(config)}
${serviceAuth}
project_name = service
project_domain_name = Default
service_token_roles_required = true

[trustee]
${serviceAuth}

[cache]
enabled = true
backend = dogpile.cache.memory
`,
  );
}

export async function initHeat(paths: SandboxPaths): Promise<void> {
  const f = files(paths);
  await run(SYSTEM_PYTHON, [f.heatManage, '--config-file', f.conf, 'db_sync'], { logFile: f.setupLog });
  const db = new Database(f.db);
  db.pragma('journal_mode = WAL');
  db.close();
}

/**
 * heat-all with `LAB_SANDBOX_DIR` set, which the Sandbox::LabHost plugin reads to find the gate.
 */
export function startHeat(paths: SandboxPaths): number {
  const f = files(paths);
  return startDaemon({
    name: 'heat',
    command: SYSTEM_PYTHON,
    args: [f.heatAll, '--config-file', f.conf],
    // no __pycache__ beside the plugin in the checkout (Debian's own modules are compiled at install)
    env: daemonEnv({ LAB_SANDBOX_DIR: paths.root, PYTHONDONTWRITEBYTECODE: '1' }),
    pidFile: f.pid,
    logFile: f.log,
  });
}

/**
 * Removes the rows Heat keeps of deleted stacks (`heat-manage purge_deleted`, as an operator runs
 * from cron). On SQLite every listing reads past them, so a bench that made and deleted 1,000
 * stacks would slow the next run's Heat; call it only while nothing else writes to Heat.
 */
export async function purgeDeletedStacks(paths: SandboxPaths): Promise<void> {
  const f = files(paths);
  await run(f.heatManage, ['--config-file', f.conf, 'purge_deleted', '-g', 'seconds', '0'], { timeoutMs: 600_000 });
}
