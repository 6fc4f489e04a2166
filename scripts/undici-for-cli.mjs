// What the CLI bundle gets for `import … from 'undici'` (scripts/cli-bundling.mjs): the parts Lab
// Console uses — Agent, EnvHttpProxyAgent, request(), and the Pool and buildConnector Agent loads
// anyway — without the rest undici's index.js loads
// at once (fetch, WebSocket, EventSource, the mock agents, cache stores, interceptors): ~500 KB of
// code that every command talking to a cloud parsed and ran before its first request.
// The app and the tests import undici itself; src/core/openstack/transport and the enrolment
// download are its only users, and both name their dispatcher.
import Agent from 'undici/lib/dispatcher/agent.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import Pool from 'undici/lib/dispatcher/pool.js';
import connect from 'undici/lib/api/api-connect.js';
import buildConnector from 'undici/lib/core/connect.js';
import requestApi from 'undici/lib/api/api-request.js';
import errors from 'undici/lib/core/errors.js';

// As undici's index.js does for these two: dispatcher.request(), and the connect() ProxyAgent's
// tunnels use (stream, pipeline and upgrade are left out: nothing of Lab Console calls them).
Object.assign(Dispatcher.prototype, { request: requestApi, connect });

/**
 * undici's request(url, options) for a caller that names its dispatcher (ours do: one pool per
 * cloud). The global dispatcher, undici's fallback, would load the parts left out.
 */
function request(url, options) {
  if (!options?.dispatcher) throw new errors.InvalidArgumentError('Lab Console passes its own dispatcher to every request');
  const target = new URL(url);
  return options.dispatcher.request({
    ...options,
    origin: target.origin,
    path: target.search ? `${target.pathname}${target.search}` : target.pathname,
    method: options.method || (options.body ? 'PUT' : 'GET'),
  });
}

export { Agent, buildConnector, Dispatcher, EnvHttpProxyAgent, Pool, request };
