import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { run, SYSTEM_PYTHON } from './command';
import { daemonEnv, startDaemon } from './daemon';
import type { SandboxPaths } from './paths';
import type { SandboxConfig } from './sandbox-config';

export function keystoneUrl(config: SandboxConfig): string {
  return `http://127.0.0.1:${config.ports.keystone}/v3`;
}

function files(paths: SandboxPaths) {
  return {
    conf: join(paths.keystoneDir, 'keystone.conf'),
    db: join(paths.keystoneDir, 'keystone.sqlite'),
    fernetKeys: join(paths.keystoneDir, 'fernet-keys'),
    credentialKeys: join(paths.keystoneDir, 'credential-keys'),
    log: join(paths.logDir, 'keystone.log'),
    setupLog: join(paths.logDir, 'keystone-setup.log'),
    pid: paths.pidFiles.keystone,
  };
}

/** keystone.conf tuned for one loopback process; see docs/facts on the cache and bcrypt rounds. */
export function writeKeystoneConfig(paths: SandboxPaths): void {
  const f = files(paths);
  mkdirSync(paths.keystoneDir, { recursive: true });
  writeFileSync(
    f.conf,
    `[DEFAULT]
use_stderr = true

[database]
connection = sqlite:///${f.db}

[token]
provider = fernet

[fernet_tokens]
key_repository = ${f.fernetKeys}

[credential]
key_repository = ${f.credentialKeys}

[identity]
# bcrypt's default of 12 rounds costs ~0.25 s per password check
password_hash_rounds = 4

[cache]
# without it one token validation runs ~960 SQL queries
enabled = true
backend = dogpile.cache.memory
`,
  );
}

function manage(paths: SandboxPaths, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const f = files(paths);
  return run(SYSTEM_PYTHON, ['/usr/bin/keystone-manage', '--config-file', f.conf, ...args], { logFile: f.setupLog, env: daemonEnv(env) });
}

/** First-time database, keys and the admin user, service and endpoints (`keystone-manage bootstrap`). */
export async function initKeystone(paths: SandboxPaths, config: SandboxConfig): Promise<void> {
  const f = files(paths);
  mkdirSync(f.fernetKeys, { recursive: true, mode: 0o700 });
  mkdirSync(f.credentialKeys, { recursive: true, mode: 0o700 });
  await manage(paths, ['db_sync']);
  // sqlite's default rollback journal makes concurrent writers fail with "database is locked"
  const db = new Database(f.db);
  db.pragma('journal_mode = WAL');
  db.close();
  await manage(paths, ['fernet_setup', '--keystone-user', 'root', '--keystone-group', 'root']);
  await manage(paths, ['credential_setup', '--keystone-user', 'root', '--keystone-group', 'root']);
  const url = keystoneUrl(config);
  // The password goes in the environment: a random one may start with "-", which argparse takes for
  // an option, and the command line is written to the setup log.
  await manage(
    paths,
    [
      'bootstrap',
      '--bootstrap-username',
      'admin',
      '--bootstrap-project-name',
      'admin',
      '--bootstrap-role-name',
      'admin',
      '--bootstrap-service-name',
      'keystone',
      '--bootstrap-region-id',
      config.region,
      '--bootstrap-admin-url',
      url,
      '--bootstrap-public-url',
      url,
      '--bootstrap-internal-url',
      url,
    ],
    { OS_BOOTSTRAP_PASSWORD: config.passwords.admin },
  );
}

/** One uwsgi process with one thread: the memory cache is per process and sqlite wants one writer. */
export function startKeystone(paths: SandboxPaths, config: SandboxConfig): number {
  const f = files(paths);
  return startDaemon({
    name: 'keystone',
    command: '/usr/bin/uwsgi',
    args: [
      '--plugin',
      'python3',
      '--http-socket',
      `127.0.0.1:${config.ports.keystone}`,
      '--wsgi-file',
      '/usr/bin/keystone-wsgi-public',
      '--master',
      '--processes',
      '1',
      '--threads',
      '1',
      '--die-on-term',
      '--need-app',
      // uwsgi's http-socket closes every connection without saying so; clients would reuse a dead socket
      '--add-header',
      'Connection: close',
      '--disable-logging',
    ],
    env: daemonEnv({ OS_KEYSTONE_CONFIG_FILES: f.conf }),
    pidFile: f.pid,
    logFile: f.log,
  });
}
