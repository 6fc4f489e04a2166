import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Debian bookworm packages the sandbox runs on (see docs in test/sandbox/README.md). */
export const SANDBOX_PACKAGES = [
  'python3-keystone',
  'python3-heat',
  'uwsgi-core',
  'uwsgi-plugin-python3',
  'sqlite3',
  'python3-openstackclient',
  'python3-heatclient',
  'openssh-server',
  'openssh-client',
  'xrdp',
  'xorgxrdp',
  'xterm',
  'x11-apps',
  'tigervnc-standalone-server',
  'openssl',
] as const;

export class SandboxPrerequisiteError extends Error {
  override name = 'SandboxPrerequisiteError';
}

/** Packages of `wanted` that dpkg does not report as installed. */
export function missingPackages(wanted: readonly string[] = SANDBOX_PACKAGES): string[] {
  const out = spawnSync('dpkg-query', ['-W', '-f', '${Package} ${db:Status-Status}\n', ...wanted], {
    encoding: 'utf8',
  });
  if (out.error) return [...wanted];
  const installed = new Set(
    out.stdout
      .split('\n')
      .map((line) => line.trim().split(' '))
      .filter(([, status]) => status === 'installed')
      .map(([name]) => name),
  );
  return wanted.filter((name) => !installed.has(name));
}

function isDebianLike(): boolean {
  if (!existsSync('/etc/os-release')) return false;
  const release = readFileSync('/etc/os-release', 'utf8');
  return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
}

/**
 * Installs whatever is missing with one `apt-get install`. Off Debian/Ubuntu, or when not root,
 * it says what to install instead of trying.
 */
export function ensurePackages(log: (line: string) => void): void {
  if (!isDebianLike() || !existsSync('/usr/bin/dpkg-query')) {
    throw new SandboxPrerequisiteError(
      'The sandbox runs on Debian 12 (bookworm) or a close Ubuntu: it uses their Keystone, Heat, sshd and xrdp ' +
        `packages (${SANDBOX_PACKAGES.join(' ')}). Run it in a Debian container or VM.`,
    );
  }
  const missing = missingPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new SandboxPrerequisiteError(
      `Missing Debian packages: ${missing.join(' ')}. Install them as root ` +
        `(sudo apt-get install --no-install-recommends ${missing.join(' ')}) or run the sandbox as root.`,
    );
  }
  log(`installing ${missing.length} Debian package(s) with apt-get: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args: string[]) => spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  let result = run(['install', '-y', '--no-install-recommends', ...missing]);
  if (result.status !== 0) {
    log('apt-get install failed; refreshing the package lists once and retrying');
    run(['update']);
    result = run(['install', '-y', '--no-install-recommends', ...missing]);
  }
  if (result.status !== 0) {
    throw new SandboxPrerequisiteError(`apt-get install ${missing.join(' ')} failed (exit ${result.status}); see its output above.`);
  }
  const still = missingPackages();
  if (still.length > 0) throw new SandboxPrerequisiteError(`apt-get finished but these are still missing: ${still.join(' ')}`);
}
