// The CLI's start-up snapshot: one CommonJS bundle of the CLI (src/core/cli/cli-snapshot-entry.ts)
// run once by node with --build-snapshot, its warmed heap written to dist/cli/lab-console.blob.
// bin/lab-console starts node from the blob; bin/lab-console.js (the ESM chunks of dist/cli) is the
// fallback wherever the blob is missing or was built for another folder or another node.
import { build as esbuild } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BUNDLED, externalExcept } from './cli-bundling.mjs';

export const SNAPSHOT_BUNDLE = 'lab-console-snapshot.cjs';
export const SNAPSHOT_BLOB = 'lab-console.blob';
/**
 * The same bundle warmed for the cloud commands alone (src/core/cli/cli-snapshot-entry.ts): without
 * the cohort commands and the app, ~40,000 fewer objects for node to deserialise at each start.
 * bin/lab-console starts `lab-console cloud …` from it.
 */
export const SNAPSHOT_CLOUD_BLOB = 'lab-console-cloud.blob';
/**
 * What the blob was built for, a line each: the node binary, its file (nodeFileLine), the package
 * folder — which bin/lab-console compares — then node's version and the bundle's sha256.
 */
export const SNAPSHOT_STAMP = 'lab-console.blob.stamp';

const UNDICI_HTTP_FOR_SNAPSHOT = fileURLToPath(new URL('./undici-http-for-snapshot.cjs', import.meta.url));

/** undici's files get scripts/undici-http-for-snapshot.cjs for node:http, so that the blob can hold them. */
const undiciWithoutNodeHttp = {
  name: 'undici-without-node-http',
  setup(build) {
    build.onResolve({ filter: /^node:http$/ }, (args) =>
      /[\\/]node_modules[\\/]undici[\\/]/.test(args.importer) ? { path: UNDICI_HTTP_FOR_SNAPSHOT } : undefined,
    );
  },
};

/**
 * Node's modules that its snapshot builder cannot hold (they keep native handles as they load):
 * imported by the app's live sessions and undici, used only once a connection or a server starts.
 */
const DEFERRED_BUILTINS = /^(node:)?(http|https|http2|tls)$/;

/**
 * What lets the cohort commands and the app they open be evaluated while the snapshot is built:
 * each of DEFERRED_BUILTINS (but undici's node:http, met by undiciWithoutNodeHttp) becomes an object
 * with the builtin's export names whose values load it when first read.
 */
const loadOnFirstUse = {
  name: 'load-on-first-use',
  setup(build) {
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
 * load is bundled (i18next too, and better-sqlite3's JavaScript, whose addon a run loads by its path:
 * src/core/store/sqlite-in-snapshot.ts); the app's native and heavy packages stay external and are
 * required at run time, through a require made for the bundle's own path (set in the banner).
 */
export const SNAPSHOT_BUNDLING = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Smaller source, smaller blob: node reads and deserialises all of it at every start. Without
  // keepNames: it wraps every function and class in a call giving it its name back, a property on
  // each, in the blob (~0.4 MB) and at every closure a run creates. Classes whose name is shown
  // (errors, in logs) spell it out.
  minify: true,
  logLevel: 'warning',
  // In this order: esbuild asks the plugins in turn, and the first to resolve a path wins.
  plugins: [undiciWithoutNodeHttp, loadOnFirstUse, externalExcept(new Set([...CLI_BUNDLED, 'i18next', 'better-sqlite3']))],
  mainFields: ['module', 'main'],
  // import.meta does not exist in CommonJS: our modules find the package from the bundle's path.
  define: { 'import.meta.url': '__labConsoleModuleUrl' },
  banner: {
    js: "var __labConsoleModuleUrl = require('node:url').pathToFileURL(__filename).href; require = require('node:module').createRequire(__filename);",
  },
};

/**
 * Bundles `entry` (a program ending in startupSnapshot.setDeserializeMainFunction) as one CommonJS
 * file at `bundle`, bundled as the CLI's snapshot is, and runs it to build the blob at `blob`.
 * The openstack bench builds its stack CLI with it, so that it starts as lab-console does.
 */
export async function buildSnapshotBlob(root, entry, bundle, blob) {
  // No blob of a previous build may outlive a failure of this one.
  rmSync(blob, { force: true });
  await esbuild({ ...SNAPSHOT_BUNDLING, absWorkingDir: root, entryPoints: [entry], outfile: bundle });
  blobOfBundle(bundle, blob);
}

/** Runs `bundle` to build the blob at `blob`; `args` are the bundle's own (its process.argv after its path). */
function blobOfBundle(bundle, blob, args = []) {
  execFileSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', bundle, ...args], {
    cwd: dirname(bundle),
    // Node warns that some of its modules are not verified in snapshots; the build tests prove ours.
    env: { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** Bundles the CLI as one CommonJS file, runs it to build each blob, and writes the stamp (of both). */
export async function buildCliSnapshot(root) {
  const outdir = join(root, 'dist', 'cli');
  const bundle = join(outdir, SNAPSHOT_BUNDLE);
  const stamp = join(outdir, SNAPSHOT_STAMP);
  const cloudBlob = join(outdir, SNAPSHOT_CLOUD_BLOB);
  rmSync(stamp, { force: true });
  rmSync(cloudBlob, { force: true });
  await buildSnapshotBlob(root, 'src/core/cli/cli-snapshot-entry.ts', bundle, join(outdir, SNAPSHOT_BLOB));
  blobOfBundle(bundle, cloudBlob, ['cloud']);
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
