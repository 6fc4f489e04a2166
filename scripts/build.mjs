// Builds everything the app, the CLI and browser mode run from: dist/cli, dist/main, dist/renderer.
// Usage: node scripts/build.mjs [--skip-renderer]
import { build as esbuild } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const skipRenderer = process.argv.includes('--skip-renderer');
const started = Date.now();

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  // The CLI and browser mode: our code bundled, npm packages loaded from node_modules at run time.
  esbuild({
    ...nodeCommon,
    entryPoints: ['src/core/cli/cli-entry.ts'],
    outfile: 'dist/cli/lab-console.js',
    format: 'esm',
    packages: 'external',
  }),
  // The Electron main process.
  esbuild({
    ...nodeCommon,
    entryPoints: ['src/main/main.ts'],
    outfile: 'dist/main/main.js',
    format: 'esm',
    packages: 'external',
    external: ['electron'],
  }),
  // A sandboxed preload can only require('electron'): everything else is bundled into one CJS file.
  esbuild({
    ...nodeCommon,
    entryPoints: ['src/main/preload.ts'],
    outfile: 'dist/main/preload.cjs',
    format: 'cjs',
    platform: 'browser',
    external: ['electron'],
    sourcemap: false,
  }),
]);

if (!skipRenderer) {
  const { build } = await import('vite');
  rmSync(join(root, 'dist', 'renderer'), { recursive: true, force: true });
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}
console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
