// How the CLI is bundled: shared by scripts/build.mjs and the openstack bench's stack CLI, so that
// the bench times a program loaded exactly as lab-console is.
import { fileURLToPath } from 'node:url';

/**
 * Packages the CLI bundles into its own chunks instead of loading them from node_modules at run
 * time: pure JavaScript that every command touching a cloud needs. Loaded file by file they cost
 * ~300 module loads before the first request (undici 112 files, zod 95, yaml 72); bundled, a few.
 * Native and heavy packages (better-sqlite3, ssh2, RDP…) stay external, loaded by the commands
 * that need them.
 */
export const CLI_BUNDLED = new Set(['zod', 'yaml', 'commander', 'undici']);

const UNDICI_FOR_CLI = fileURLToPath(new URL('./undici-for-cli.mjs', import.meta.url));
const UNDICI_H2_ON_DEMAND = fileURLToPath(new URL('./undici-h2-on-demand.cjs', import.meta.url));

/** Bare imports stay external unless their package is in `bundled`. */
export function externalExcept(bundled) {
  return {
    name: 'external-except',
    setup(build) {
      // undici's own index loads all of undici (~1 MB): the bundle takes the parts our client uses.
      build.onResolve({ filter: /^undici$/ }, () => ({ path: UNDICI_FOR_CLI }));
      // undici's Client loads its HTTP/2 side (and node:http2) eagerly; the CLI loads it on first use.
      build.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
        /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/.test(args.importer) ? { path: UNDICI_H2_ON_DEMAND } : undefined,
      );
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

/** esbuild options for an ESM CLI bundle (with `splitting`) of our code and CLI_BUNDLED. */
export const cliBundling = {
  plugins: [externalExcept(CLI_BUNDLED)],
  // Bundled CommonJS (undici, yaml) calls require() for Node's own modules.
  banner: {
    js: "import { createRequire as __labConsoleRequire } from 'node:module'; const require = __labConsoleRequire(import.meta.url);",
  },
  mainFields: ['module', 'main'],
};
