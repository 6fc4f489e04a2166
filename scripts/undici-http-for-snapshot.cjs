'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, as undici's files that require it */
// What undici's files get for `require('node:http')` in the CLI's start-up snapshot
// (scripts/cli-snapshot.mjs). Node 20 cannot load node:http while it builds a snapshot, and undici
// reads only two things of it, both as its modules load: `IncomingMessage`, compared with a body's
// class when undici destroys it, and `maxHeaderSize`, its default limit for response headers. With
// this stand-in undici's modules are evaluated into the blob instead of before every run's first
// request, and a run loads node:http (nine of node's modules) only if it was given its own limit.
const { startupSnapshot } = require('node:v8');

/** Node's default for --max-http-header-size: what node:http reports when that option is not given. */
const NODE_DEFAULT_MAX_HEADER_SIZE = 16384;

/** Whether node was started with its own header limit (on its command line or in NODE_OPTIONS). */
function headerLimitGiven() {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => /--max[-_]http[-_]header[-_]size/.test(arg));
}

module.exports = {
  // Never equal to a body's class, where node's IncomingMessage would be for a request piped from
  // node's server: Lab Console's requests carry strings (JSON) and read undici's own body streams.
  IncomingMessage: class IncomingMessageNotLoaded {},
  get maxHeaderSize() {
    if (startupSnapshot.isBuildingSnapshot() || !headerLimitGiven()) return NODE_DEFAULT_MAX_HEADER_SIZE;
    // node:http is loaded only by a run that set the option.
    return require('node:http').maxHeaderSize;
  },
};
