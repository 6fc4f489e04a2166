'use strict';
// What the CLI bundle gets for undici's `require('./client-h2.js')` in its Client
// (scripts/cli-bundling.mjs). The Client loads its HTTP/2 side, and with it node:http2, before
// its first connection; it uses it only for a connection that negotiated h2, which Lab Console's
// dispatchers never offer (undici's allowH2 is off). Loaded here on that first use instead.
module.exports = function connectH2(client, socket) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a require at first use is this file's point
  return require('undici/lib/dispatcher/client-h2.js')(client, socket);
};
