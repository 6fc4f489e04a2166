// `npm start`: build, then run the desktop app. Where Electron's binary is missing and cannot be
// fetched, say so in one line and start browser mode instead.
// Usage: npm start [-- --home DIR]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronNativeBinding, buildSqliteForElectron } from './electron-native.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

/** The Electron binary's path, or the reason there is none (its first use may try a download). */
function findElectron() {
  const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (probe.status === 0 && probe.stdout && existsSync(probe.stdout)) return { path: probe.stdout };
  const lines = `${probe.stderr ?? ''}${probe.error?.message ?? ''}`.split('\n').map((l) => l.trim());
  const reason = lines.find((l) => /Error:|failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/i.test(l)) ?? 'no binary';
  return { reason: reason.replace(/^.*?Error:\s*/, '').slice(0, 160) };
}

const electron = findElectron();
if (electron.path) {
  const version = spawnSync(electron.path, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^v/, '');
  if (!existsSync(electronNativeBinding(root, version))) buildSqliteForElectron(root, version);
  const child = spawn(electron.path, [root, ...args], { stdio: 'inherit', cwd: root });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Electron is not available here (${electron.reason}); starting browser mode instead.`);
  // On POSIX through the launcher users run (its start-up snapshot, its allocator settings); Windows has no sh.
  const command =
    process.platform === 'win32' ? [process.execPath, join(root, 'bin', 'lab-console.js')] : [join(root, 'bin', 'lab-console')];
  const child = spawn(command[0], [...command.slice(1), ...args, 'serve'], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
