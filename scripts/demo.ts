/**
 * `npm run demo`: a working Lab Console in one command. Starts the Keystone + Heat sandbox (or uses
 * the running one), imports the sample course into a demo data folder, writes a clouds.yaml whose
 * default cloud is the sandbox's learner1 (with the sandbox's Heat environment), builds the UI and
 * serves it in browser mode. Ctrl+C stops browser mode; the sandbox keeps running
 * (`npm run sandbox:stop` stops it).
 *   npm run demo [-- --home DIR]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { sandboxPaths } from '../test/sandbox/paths';
import { startSandbox } from '../test/sandbox/start';
import { withLock } from '../test/sandbox/start-lock';

const root = fileURLToPath(new URL('..', import.meta.url));
const homeArg = process.argv.indexOf('--home');
const demoDir = homeArg > 0 ? process.argv[homeArg + 1]! : join(root, '.demo');
const home = join(demoDir, 'home');
mkdirSync(home, { recursive: true });

const paths = sandboxPaths();
console.log('Starting the Keystone + Heat sandbox (about 30 s the first time)…');
const { state } = await withLock(join(paths.root, 'start.lock'), () =>
  startSandbox(paths, { log: (line) => console.log(`[sandbox] ${line}`) }),
);

// learner1 as the default cloud, with the sandbox's Heat environment that maps Lab::Host to its lab hosts.
const clouds = parse(readFileSync(state.files.cloudsYaml, 'utf8')) as { clouds: Record<string, Record<string, unknown>> };
const secure = parse(readFileSync(state.files.secureYaml, 'utf8')) as { clouds: Record<string, unknown> };
const cloudsYaml = join(demoDir, 'clouds.yaml');
const secureYaml = join(demoDir, 'secure.yaml');
writeFileSync(
  cloudsYaml,
  stringify({ clouds: { sandbox: { ...clouds.clouds.learner1, lab_console: { heat_environment: state.files.heatEnvironment } } } }),
);
writeFileSync(secureYaml, stringify({ clouds: { sandbox: secure.clouds.learner1 } }), { mode: 0o600 });
const env = {
  ...process.env,
  OS_CLIENT_CONFIG_FILE: cloudsYaml,
  OS_CLIENT_SECURE_FILE: secureYaml,
  OS_CLOUD: 'sandbox',
  LAB_CONSOLE_HOME: home,
};

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'core', 'cli', 'cli-entry.ts'), '--home', home, ...args], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
console.log('Importing the sample course…');
cli(['course', 'import', '--force', join(root, 'assets', 'sample-course')]);

console.log('Building the UI…');
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

console.log('Starting browser mode. Open the printed URL, pick "Introduction to Linux" and press Launch.');
const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'core', 'cli', 'cli-entry.ts'), '--home', home, 'serve'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
const stop = (): void => void server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
