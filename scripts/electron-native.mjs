// better-sqlite3 for Electron's ABI, built into a folder of its own so the Node build that the
// tests and the CLI load is never overwritten. Needs Electron's headers (internet) — it cannot run
// on machines without them, where the app falls back to browser mode anyway.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function electronNativeBinding(root, electronVersion) {
  return join(root, '.electron-native', `electron-${electronVersion}`, 'better_sqlite3.node');
}

export function buildSqliteForElectron(root, electronVersion) {
  const require = createRequire(join(root, 'package.json'));
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const nodeGyp = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const work = mkdtempSync(join(tmpdir(), 'lc-sqlite-electron-'));
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (once)…`);
  try {
    cpSync(source, work, { recursive: true, filter: (path) => !path.includes(`${source}/build`) });
    // A clean environment: a user-wide `nodedir` would silently build against Node's headers.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_config_')));
    const result = spawnSync(
      process.execPath,
      [nodeGyp, 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'],
      { cwd: work, stdio: 'inherit', env },
    );
    if (result.status !== 0) throw new Error('node-gyp failed for Electron; the app will not be able to open its database.');
    const target = electronNativeBinding(root, electronVersion);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
