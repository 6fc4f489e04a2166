// The CLI's start-up snapshot: one CommonJS bundle of the CLI (src/core/cli/cli-snapshot-entry.ts)
// run once by node with --build-snapshot, its warmed heap written to dist/cli/lab-console.blob.
// bin/lab-console starts node from the blob; bin/lab-console.js (the ESM chunks of dist/cli) is the
// fallback wherever the blob is missing or was built for another folder or another node.
import { build as esbuild } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BUNDLED, externalExcept } from './cli-bundling.mjs';

export const SNAPSHOT_BUNDLE = 'lab-console-snapshot.cjs';
export const SNAPSHOT_BLOB = 'lab-console.blob';
/**
 * What the blob was built for, a line each: the node binary, its file (nodeFileLine), the package
 * folder — which bin/lab-console compares — then node's version and the bundle's sha256.
 */
export const SNAPSHOT_STAMP = 'lab-console.blob.stamp';

const UNDICI_ON_FIRST_USE = fileURLToPath(new URL('./undici-on-first-use.cjs', import.meta.url));

/**
 * Node's modules that its snapshot builder cannot hold (they keep native handles as they load):
 * imported by the app's live sessions and undici, used only once a connection or a server starts.
 */
const DEFERRED_BUILTINS = /^(node:)?(http|https|http2|tls)$/;

/**
 * What lets the cloud and cohort commands, and the app they open, be evaluated while the snapshot
 * is built: our `import … from 'undici'` gets undici's exports read at first use
 * (undici-on-first-use.cjs), and each of DEFERRED_BUILTINS becomes an object with the builtin's
 * export names whose values load it when first read.
 */
const loadOnFirstUse = {
  name: 'load-on-first-use',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: UNDICI_ON_FIRST_USE }));
    build.onResolve({ filter: DEFERRED_BUILTINS }, (args) =>
      args.namespace === 'deferred-builtin'
        ? { path: args.path, external: true }
        : { path: `node:${args.path.replace(/^node:/, '')}`, namespace: 'deferred-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'deferred-builtin' }, (args) => {
      const names = Object.keys(createRequire(import.meta.url)(args.path));
      const path = JSON.stringify(args.path);
      return {
        loader: 'js',
        contents: [
          `let builtin; const load = () => (builtin ??= require(${path}));`,
          ...names.map(
            (name) =>
              `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => load()[${JSON.stringify(name)}] });`,
          ),
        ].join('\n'),
      };
    });
  },
};

/**
 * A snapshot can only require Node's own modules while it is built, so what the cloud commands
 * load is bundled (i18next too); the app's native and heavy packages stay external and are
 * required at run time, through a require made for the bundle's own path (set in the banner).
 */
const snapshotBundling = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Smaller source, smaller blob: node reads and deserialises all of it at every start.
  minify: true,
  keepNames: true,
  logLevel: 'warning',
  // First: esbuild asks the plugins in order, and externalExcept would resolve undici too.
  plugins: [loadOnFirstUse, externalExcept(new Set([...CLI_BUNDLED, 'i18next']))],
  mainFields: ['module', 'main'],
  // import.meta does not exist in CommonJS: our modules find the package from the bundle's path.
  define: { 'import.meta.url': '__labConsoleModuleUrl' },
  banner: {
    js: "var __labConsoleModuleUrl = require('node:url').pathToFileURL(__filename).href; require = require('node:module').createRequire(__filename);",
  },
};

/** Bundles the CLI as one CommonJS file, runs it to build the blob, and writes the stamp. */
export async function buildCliSnapshot(root) {
  const outdir = join(root, 'dist', 'cli');
  const bundle = join(outdir, SNAPSHOT_BUNDLE);
  const blob = join(outdir, SNAPSHOT_BLOB);
  const stamp = join(outdir, SNAPSHOT_STAMP);
  // No blob of a previous build may outlive a failure of this one.
  for (const file of [blob, stamp]) rmSync(file, { force: true });
  await esbuild({ ...snapshotBundling, absWorkingDir: root, entryPoints: ['src/core/cli/cli-snapshot-entry.ts'], outfile: bundle });
  execFileSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', bundle], {
    cwd: outdir,
    // Node warns that some of its modules are not verified in snapshots; the build tests prove ours.
    env: { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const sha256 = createHash('sha256').update(readFileSync(bundle)).digest('hex');
  writeFileSync(stamp, `${process.execPath}\n${nodeFileLine(process.execPath)}\n${realpathSync(root)}\n${process.version}\n${sha256}\n`);
}

/**
 * A node binary's file as bin/lab-console reads it (`ls -inL`, its locale and zone fixed so the date
 * reads alike, without the link count): inode, mode, owners, size and modification time, which an
 * upgrade in place changes. Not the status-change time or the link count: a hard link made to node
 * (perf's build-id cache makes one) or a chmod changes those, and the launcher would leave the blob
 * unused until the next build.
 */
export function nodeFileLine(nodePath) {
  const [inode, mode, , ...rest] = execFileSync('ls', ['-inL', nodePath], {
    env: { ...process.env, LC_ALL: 'C', TZ: 'UTC0' },
    encoding: 'utf8',
  })
    .trim()
    .split(/\s+/);
  return [inode, mode, ...rest].join(' ');
}
