import type { CloudHealth } from '../../shared/openstack/cloud-health';
import type { CloudRegistry } from '../openstack/clouds-config/cloud-registry';
import type { ResolvedCloud } from '../openstack/clouds-config/cloud-types';
import { CloudHealthMonitor } from '../openstack/health/cloud-health-monitor';
import { CloudRecheck } from '../openstack/health/cloud-recheck';
import { systemClock } from '../time/clock';
import { connect, type ConnectOptions, type OpenStackConnection } from '../openstack/openstack-client';

/** The clouds labs may run on, in order of preference (provider fallback), with their connections. */
export interface LabClouds {
  /** Cloud names in the order a new lab tries them. */
  providers(): string[];
  connection(name: string): Promise<OpenStackConnection>;
  /** How the cloud answered this process's requests; undefined before any. */
  health?(name: string): CloudHealth | undefined;
  /** Told when a cloud's problem changes (starts, ends, becomes another). */
  onHealthChange?(listener: (health: CloudHealth) => void): () => void;
  close(): Promise<void>;
}

interface OpenConnection {
  /** The cloud as configured when the connection was made: a changed secret makes a new one. */
  readonly fingerprint: string;
  readonly connection: Promise<OpenStackConnection>;
}

function fingerprintOf(cloud: ResolvedCloud): string {
  return JSON.stringify(cloud);
}

/**
 * LabClouds over the app's CloudRegistry; one connection (token, pool) per cloud, made on first use
 * and made again when the cloud's configuration changes (a password rotated in Settings › Clouds).
 * Each cloud keeps one health record across its connections.
 */
export class RegistryLabClouds implements LabClouds {
  private readonly open = new Map<string, OpenConnection>();
  private readonly monitors = new Map<string, CloudHealthMonitor>();
  private readonly rechecks: CloudRecheck[] = [];
  private readonly listeners = new Set<(health: CloudHealth) => void>();
  /** The login each cloud last connected with: a refused one is not tried again on its own. */
  private readonly triedLogins = new Map<string, string>();

  constructor(
    private readonly registry: () => CloudRegistry,
    private readonly order: () => readonly string[],
    private readonly options: ConnectOptions = {},
    /** Long-running processes ask a cloud that stopped answering again this often (none by default). */
    private readonly healthOptions: { readonly recheckEveryMs?: number } = {},
  ) {}

  providers(): string[] {
    const listed = this.order().filter(Boolean);
    if (listed.length) return [...listed];
    const fallback = this.registry().defaultName();
    return fallback ? [fallback] : [];
  }

  async connection(name: string): Promise<OpenStackConnection> {
    const cloud = await this.registry().get(name);
    const fingerprint = fingerprintOf(cloud);
    const existing = this.open.get(name);
    if (existing?.fingerprint === fingerprint) return existing.connection;
    if (existing) void existing.connection.then((c) => c.close()).catch(() => undefined);
    this.triedLogins.set(name, fingerprint);
    const connection = connect(cloud, { ...this.options, health: this.monitor(name) });
    connection.catch(() => {
      if (this.open.get(name)?.connection === connection) this.open.delete(name);
    });
    this.open.set(name, { fingerprint, connection });
    return connection;
  }

  /**
   * The clouds' settings changed: a cloud whose sign-in was refused is asked once more if its login
   * is not the refused one any more (a new password in Settings › Clouds), so the header stops
   * saying "Sign-in refused" without a click. The refused login itself is never tried again on its
   * own: clouds lock accounts after repeated failed sign-ins.
   */
  async loginsChanged(): Promise<void> {
    const refused = [...this.monitors].filter(([, monitor]) => monitor.snapshot().problem?.kind === 'credentials');
    await Promise.all(
      refused.map(async ([name]) => {
        const cloud = await this.registry()
          .get(name)
          .catch(() => undefined);
        if (!cloud || this.triedLogins.get(name) === fingerprintOf(cloud)) return;
        await this.probe(name).catch((error: unknown) =>
          this.options.logger?.debug('the new login of a cloud did not work either', { cloud: name, error: String(error) }),
        );
      }),
    );
  }

  health(name: string): CloudHealth | undefined {
    return this.monitors.get(name)?.snapshot();
  }

  onHealthChange(listener: (health: CloudHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    for (const recheck of this.rechecks.splice(0)) recheck.stop();
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((c) => c.connection.then((x) => x.close()).catch(() => undefined)));
  }

  private monitor(name: string): CloudHealthMonitor {
    let monitor = this.monitors.get(name);
    if (!monitor) {
      monitor = new CloudHealthMonitor({ cloud: name, clock: this.options.clock });
      monitor.onChange((health) => {
        for (const listener of this.listeners) listener(health);
      });
      this.monitors.set(name, monitor);
      const everyMs = this.healthOptions.recheckEveryMs;
      if (everyMs) {
        const probe = () => this.probe(name);
        this.rechecks.push(
          new CloudRecheck({ monitor, probe, clock: this.options.clock ?? systemClock, everyMs, logger: this.options.logger }),
        );
      }
    }
    return monitor;
  }

  /** One cheap request through the cloud's own connection: its answer reaches the health record. */
  private async probe(name: string): Promise<void> {
    const connection = await this.connection(name);
    await connection.keystone.token();
    await connection.heat.buildInfo();
  }
}
