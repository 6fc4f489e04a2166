// Builds everything the app, the CLI and browser mode run from: dist/cli (with the CLI's start-up
// snapshot, scripts/cli-snapshot.mjs), dist/main, dist/renderer.
// Usage: node scripts/build.mjs [--skip-renderer]
import { build as esbuild } from 'esbuild';
import { cliBundling } from './cli-bundling.mjs';
import { buildCliSnapshot } from './cli-snapshot.mjs';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const skipRenderer = process.argv.includes('--skip-renderer');
const started = Date.now();
// Chunk names carry a hash: drop the previous build's so none lingers in dist/ or a package.
rmSync(join(root, 'dist', 'cli'), { recursive: true, force: true });

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  // The CLI and browser mode: our code and its small pure-JS packages bundled (scripts/cli-bundling.mjs),
  // the others loaded from node_modules at run time.
  // Split into chunks at each dynamic import(): a command loads only its own code and packages, so
  // `lab-console cloud check` starts without the store, ssh2 or RDP (see src/core/cli/cli-commands.ts).
  esbuild({
    ...nodeCommon,
    entryPoints: { 'lab-console': 'src/core/cli/cli-entry.ts' },
    outdir: 'dist/cli',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    format: 'esm',
    ...cliBundling,
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
// After the CLI's chunks (the fallback): its start-up snapshot, which bin/lab-console starts from.
await buildCliSnapshot(root);

if (!skipRenderer) {
  const { build } = await import('vite');
  rmSync(join(root, 'dist', 'renderer'), { recursive: true, force: true });
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}
console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
