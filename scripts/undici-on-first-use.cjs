'use strict';
// What the CLI's start-up snapshot (scripts/cli-snapshot.mjs) gets for `import … from 'undici'`: the
// same exports as scripts/undici-for-cli.mjs, each read from it when first used. undici requires
// node:http as it loads, which node's snapshot builder cannot load; behind this, the modules that
// import undici (the cloud client, the cohort commands, the app's store and labs) are evaluated
// while the snapshot is built, and undici itself loads at the first connection, as it would anyway.
let undici;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a require at first use is this file's point
const load = () => (undici ??= require('./undici-for-cli.mjs'));

for (const name of ['Agent', 'Dispatcher', 'EnvHttpProxyAgent', 'request']) {
  Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });
}
