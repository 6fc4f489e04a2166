import { systemClock, type Clock } from '../time/clock';
import { silentLogger, type Logger } from '../log/logger';
import type { ResolvedCloud } from './clouds-config/cloud-types';
import { CloudHealthMonitor } from './health/cloud-health-monitor';
import { HeatClient } from './heat/heat-client';
import { StackOperations } from './heat/stack-operations';
import { ApplicationCredentials } from './keystone/application-credentials';
import { KeystoneSession } from './keystone/keystone-session';
import { loadTlsMaterial } from './tls-material';
import { createDispatcher, type ProxySettings } from './transport/dispatcher';
import { HttpTransport, type RetrySettings, type TimeoutSettings } from './transport/http-transport';

export interface ConnectOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Renew the token this long before it expires (default 2 min). */
  readonly refreshMarginMs?: number;
  readonly timeouts?: Partial<TimeoutSettings>;
  readonly retry?: Partial<RetrySettings>;
  /** Overrides HTTPS_PROXY / HTTP_PROXY / NO_PROXY of the environment. */
  readonly proxy?: ProxySettings;
  readonly env?: NodeJS.ProcessEnv;
  readonly random?: () => number;
  /** Where this connection's requests are recorded (kept by the caller across connections to one cloud). */
  readonly health?: CloudHealthMonitor;
}

/** Everything needed to work with one cloud, sharing one connection pool and one token. */
export interface OpenStackConnection {
  readonly cloud: ResolvedCloud;
  readonly transport: HttpTransport;
  readonly keystone: KeystoneSession;
  readonly heat: HeatClient;
  readonly stacks: StackOperations;
  readonly applicationCredentials: ApplicationCredentials;
  /** How the cloud answered this connection's requests. */
  readonly health: CloudHealthMonitor;
  close(): Promise<void>;
}

/** Builds the client for a cloud. Nothing is sent until the first call. */
export async function connect(cloud: ResolvedCloud, options: ConnectOptions = {}): Promise<OpenStackConnection> {
  const logger = (options.logger ?? silentLogger).child('openstack');
  const clock = options.clock ?? systemClock;
  const tls = await loadTlsMaterial(cloud, logger);
  const apiTimeoutMs = cloud.apiTimeoutSeconds !== undefined ? cloud.apiTimeoutSeconds * 1000 : undefined;
  const timeouts: Partial<TimeoutSettings> = {
    ...(apiTimeoutMs ? { headersMs: apiTimeoutMs, bodyMs: apiTimeoutMs } : {}),
    ...options.timeouts,
  };
  const health = options.health ?? new CloudHealthMonitor({ cloud: cloud.name, clock });
  const dispatcher = createDispatcher({ tls, connectTimeoutMs: timeouts.connectMs ?? 10_000, proxy: options.proxy, env: options.env });
  const transport = new HttpTransport({
    dispatcher,
    timeouts,
    retry: options.retry,
    clock,
    logger,
    random: options.random,
    userAgent: 'lab-console (undici)',
    observer: health,
  });
  const keystone = new KeystoneSession({ cloud, transport, clock, logger, refreshMarginMs: options.refreshMarginMs });
  const heat = new HeatClient({ session: keystone, clock, logger, random: options.random });
  return {
    cloud,
    transport,
    keystone,
    heat,
    stacks: new StackOperations(heat),
    applicationCredentials: new ApplicationCredentials(keystone),
    health,
    close: () => transport.close(),
  };
}
