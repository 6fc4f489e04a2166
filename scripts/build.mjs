// Builds everything the app, the CLI and browser mode run from: dist/cli, dist/main, dist/renderer.
// Usage: node scripts/build.mjs [--skip-renderer]
import { build as esbuild } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const skipRenderer = process.argv.includes('--skip-renderer');
const started = Date.now();
// Chunk names carry a hash: drop the previous build's so none lingers in dist/ or a package.
rmSync(join(root, 'dist', 'cli'), { recursive: true, force: true });

/**
 * Packages the CLI bundles into its own chunks instead of loading them from node_modules at run
 * time: pure JavaScript that every command touching a cloud needs. Loaded file by file they cost
 * ~300 module loads before the first request (undici 112 files, zod 95, yaml 72); bundled, a few.
 * Native and heavy packages (better-sqlite3, ssh2, RDP…) stay external, loaded by the commands
 * that need them.
 */
const CLI_BUNDLED = new Set(['zod', 'yaml', 'commander', 'undici']);

/** Bare imports stay external unless their package is in `bundled`. */
function externalExcept(bundled) {
  return {
    name: 'external-except',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return bundled.has(name) ? undefined : { path: args.path, external: true };
      });
      // zod re-exports every locale (~360 KB) under `z.locales`; Lab Console speaks English only and
      // never reads that namespace, so the bundle carries English alone (zod registers it itself).
      build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
        contents: "export { default as en } from './en.js';",
        loader: 'js',
      }));
    },
  };
}

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
  // Split into chunks at each dynamic import(): a command loads only its own code and packages, so
  // `lab-console cloud check` starts without the store, ssh2 or RDP (see src/core/cli/cli-commands.ts).
  esbuild({
    ...nodeCommon,
    entryPoints: { 'lab-console': 'src/core/cli/cli-entry.ts' },
    outdir: 'dist/cli',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    format: 'esm',
    plugins: [externalExcept(CLI_BUNDLED)],
    // Bundled CommonJS (undici, yaml) calls require() for Node's own modules.
    banner: {
      js: "import { createRequire as __labConsoleRequire } from 'node:module'; const require = __labConsoleRequire(import.meta.url);",
    },
    mainFields: ['module', 'main'],
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
