import type { SecureContext } from 'node:tls';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { defaultRootsContext, extraCaCertsDeferred } from './extra-ca-certs';
import { poolEndingOnTlsError } from './tls-alert-pools';
import { TlsOnFirstUseDispatcher } from './tls-on-first-use-dispatcher';

/** TLS material already read from disk (PEM text). */
export interface TlsMaterial {
  /** false = do not verify the server certificate (`verify: false` / `insecure`). */
  readonly verify: boolean;
  /** CA bundle replacing the system roots, as python-requests does with `verify=<path>`. */
  readonly caPem?: string;
  /** Client certificate and key for mutual TLS. */
  readonly certPem?: string;
  readonly keyPem?: string;
}

export interface ProxySettings {
  readonly httpProxy?: string;
  readonly httpsProxy?: string;
  readonly noProxy?: string;
}

export interface DispatcherOptions {
  readonly tls: TlsMaterial;
  readonly connectTimeoutMs: number;
  /** Proxy settings; by default HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) from the environment. */
  readonly proxy?: ProxySettings;
  readonly env?: NodeJS.ProcessEnv;
}

function proxyFromEnv(env: NodeJS.ProcessEnv): ProxySettings {
  return {
    httpProxy: env.http_proxy ?? env.HTTP_PROXY,
    httpsProxy: env.https_proxy ?? env.HTTPS_PROXY,
    noProxy: env.no_proxy ?? env.NO_PROXY,
  };
}

/**
 * One connection pool per cloud, honouring the cloud's TLS settings and the proxy variables
 * (school networks often force an HTTPS proxy and list the campus cloud in NO_PROXY).
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { tls } = options;
  const proxy = options.proxy ?? proxyFromEnv(options.env ?? process.env);
  // Verifying against node's default roots, when bin/lab-console deferred NODE_EXTRA_CA_CERTS
  // (./extra-ca-certs.ts): the TLS side adds them, and is made at the first TLS connection.
  if (!tls.verify || tls.caPem || !extraCaCertsDeferred()) return createPool(options, proxy, undefined);
  const proxySpeaksTls = [proxy.httpProxy, proxy.httpsProxy].some((url) => url?.startsWith('https:'));
  return new TlsOnFirstUseDispatcher((secure) => createPool(options, proxy, secure ? defaultRootsContext(tls) : undefined), proxySpeaksTls);
}

/** `roots`: the secure context of the default roots with the deferred extra certificates. */
function createPool(options: DispatcherOptions, proxy: ProxySettings, roots: SecureContext | undefined): Dispatcher {
  const { tls } = options;
  const tlsOptions = {
    rejectUnauthorized: tls.verify,
    ...(tls.caPem ? { ca: tls.caPem } : {}),
    ...(tls.certPem ? { cert: tls.certPem } : {}),
    ...(tls.keyPem ? { key: tls.keyPem } : {}),
    ...(roots ? { secureContext: roots } : {}),
  };
  const agentOptions = {
    connect: { ...tlsOptions, timeout: options.connectTimeoutMs },
    keepAliveTimeout: 4_000,
    // A server refusing the client certificate is reported as such, not as a reset.
    factory: poolEndingOnTlsError,
  };
  if (!proxy.httpProxy && !proxy.httpsProxy) return new Agent(agentOptions);
  return new EnvHttpProxyAgent({
    ...agentOptions,
    // Through a tunnel the TLS handshake with the cloud still uses the cloud's CA and client cert.
    requestTls: { ...tlsOptions, timeout: options.connectTimeoutMs },
    // A proxy reached over TLS is verified against the same roots as the cloud.
    ...(roots ? { proxyTls: { secureContext: roots } } : {}),
    httpProxy: proxy.httpProxy ?? '',
    httpsProxy: proxy.httpsProxy ?? '',
    noProxy: proxy.noProxy ?? '',
  });
}
