import type { CloudRegistry } from '../openstack/clouds-config/cloud-registry';
import { connect, type ConnectOptions, type OpenStackConnection } from '../openstack/openstack-client';

/** The clouds labs may run on, in order of preference (provider fallback), with their connections. */
export interface LabClouds {
  /** Cloud names in the order a new lab tries them. */
  providers(): string[];
  connection(name: string): Promise<OpenStackConnection>;
  close(): Promise<void>;
}

/** LabClouds over the app's CloudRegistry; one connection (token, pool) per cloud, made on first use. */
export class RegistryLabClouds implements LabClouds {
  private readonly open = new Map<string, Promise<OpenStackConnection>>();

  constructor(
    private readonly registry: () => CloudRegistry,
    private readonly order: () => readonly string[],
    private readonly options: ConnectOptions = {},
  ) {}

  providers(): string[] {
    const listed = this.order().filter(Boolean);
    if (listed.length) return [...listed];
    const fallback = this.registry().defaultName();
    return fallback ? [fallback] : [];
  }

  connection(name: string): Promise<OpenStackConnection> {
    let existing = this.open.get(name);
    if (!existing) {
      existing = this.registry()
        .get(name)
        .then((cloud) => connect(cloud, this.options));
      existing.catch(() => this.open.delete(name));
      this.open.set(name, existing);
    }
    return existing;
  }

  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((c) => c.then((x) => x.close()).catch(() => undefined)));
  }
}
